"""A module quoted at one site, moved to another: its capex and its spend and output profiles.

Part of the plan's site assembly (:mod:`tigris.plan.assemble_sites`, which re-exports
these names): pure functions, numbers in, numbers out. :func:`capex_at_site` moves a
capex by the two sites' construction-cost multipliers (building) and hook-up premiums
(equipment); :func:`moved_profiles` stretches a yearly spend and output profile by the
sites' longer or shorter build and ramp. :func:`tigris.plan.module_costs._module_from_table`
applies them to the CoWoS and HBM rows of ``data/facility_types.csv``.

References: the fab layer's rules, ``tigris.fab.model.installation_premium`` and
``tigris.fab.curves.annual_output_fraction`` (Fisher and Pry 1971); Exyte (H.
Blaschitz, SEMI ISS 2025) for construction costs by region (``data/sites.csv``);
``docs/scenario-files.md``, "What a site's overrides reach".
"""

from __future__ import annotations

import math

import numpy as np


def capex_at_site(
    capex_usd: float,
    equipment_share: float,
    hookup_share: float,
    multiplier: float,
    reference_multiplier: float,
) -> tuple[float, float]:
    """A module's capex quoted at one site, moved to another [USD], and its equipment
    share there [-], by the fab layer's rule for a logic module.

    The building part ``(1 - e) C`` scales with the sites' construction-cost multipliers,
    ``m / m0``; the equipment part ``e C`` is tools at the world price plus their hook-up,
    whose premium over Taiwan is ``(m - 1) h`` of the tool price
    (:func:`tigris.fab.model.installation_premium`), so it scales by
    ``(1 + h (m - 1)) / (1 + h (m0 - 1))``::

        C(m) = C [(1 - e) m / m0 + e (1 + h (m - 1)) / (1 + h (m0 - 1))]

    Parameters
    ----------
    capex_usd : float
        The module's capex at the site it is quoted at [USD].
    equipment_share : float
        Equipment (tools and their installation) share of that capex, ``e`` [-].
    hookup_share : float
        Tool installation and hook-up at Taiwan cost as a share of tool price, ``h`` [-].
    multiplier : float
        Construction cost of the site the module is built at, relative to Taiwan,
        ``m`` [-].
    reference_multiplier : float
        The same of the site the capex is quoted at, ``m0`` [-].

    Returns
    -------
    capex_usd : float
        The module's capex at the site [USD].
    equipment_share : float
        Equipment share of it [-].

    References
    ----------
    .. [1] Exyte (H. Blaschitz, SEMI ISS 2025): fab construction costs by region, tools
       priced the same worldwide (``data/sites.csv`` ``construction_cost_multiplier``).
    .. [2] ``tigris.fab.model.installation_premium`` and the
       ``tool_hookup_share_of_equipment`` row of ``data/fab_parameters.csv``.

    Examples
    --------
    A Taiwan-priced 1.5 B USD module, 70 % equipment, in a 2x site with 10 % hook-up:

    >>> capex, e = capex_at_site(1.5e9, 0.7, 0.1, 2.0, 1.0)
    >>> round(capex / 1e6, 1), round(e, 4)
    (2055.0, 0.562)
    """
    from tigris.fab.model import installation_premium

    building = (1.0 - equipment_share) * capex_usd * multiplier / reference_multiplier
    tools = equipment_share * capex_usd / (1.0 + hookup_share * (reference_multiplier - 1.0))
    equipment = tools + installation_premium(tools, hookup_share, multiplier)
    total = building + equipment
    return float(total), float(equipment / total) if total > 0 else float(equipment_share)


def _cumulative(profile: np.ndarray, u: np.ndarray) -> np.ndarray:
    """Integral of a yearly profile, constant within each year and its last value
    after it, from 0 to ``u`` [years x profile unit]."""
    edges = np.concatenate([[0.0], np.cumsum(profile)])
    n = len(profile)
    inside = np.interp(np.clip(u, 0.0, n), np.arange(n + 1.0), edges)
    return inside + np.clip(u - n, 0.0, None) * profile[-1]


def moved_profiles(
    spend: np.ndarray, output: np.ndarray, build_delta_years: float, ramp_delta_years: float
) -> tuple[np.ndarray, np.ndarray]:
    """A module's yearly spend and output profiles from groundbreaking, moved to a site
    whose build is ``build_delta_years`` and whose ramp is ``ramp_delta_years`` longer
    (negative: shorter) than those of the site they are quoted at.

    The fab layer's rule (:func:`tigris.fab.curves.annual_output_fraction`): output
    starts when the build ends and reaches full output a ramp later, so a site whose
    build is longer by ``dB`` starts output ``dB`` later, and one whose ramp is longer
    by ``dR`` reaches full output ``dB + dR`` later. The quoted profile's build is its
    years before the first with output, ``b0``, and its ramp the years from there to
    the first at full output, ``r0``; time is mapped piecewise linearly, ``[0, b0 + dB]``
    onto ``[0, b0]`` and ``[b0 + dB, b0 + dB + r0 + dR]`` onto ``[b0, b0 + r0]``, one to one
    after. Spend is stretched with the build (money spent by a time of the quoted build
    is spent by the mapped time), output is the quoted profile (constant within each
    year) at the mapped time, averaged over each year. With ``dB = dR = 0`` the profiles
    are the quoted ones. A build or ramp shortened to nothing (``b0 + dB <= 0``,
    ``r0 + dR <= 0``) happens at an instant: what the quoted profile spent during it is
    spent then, counted in the year that instant starts, and output jumps past it. A
    quoted ramp of nothing (``r0 = 0``, the profile full from its first year of output)
    lengthened by ``dR > 0`` rises linearly from 0 to full output over ``dR`` (its mean
    1/2, as the fab layer's point-symmetric S-curve's); a quoted build of nothing
    lengthened by ``dB`` puts nothing out during it.

    Parameters
    ----------
    spend : numpy.ndarray
        Share of capex spent in each year from groundbreaking [-], summing to 1.
    output : numpy.ndarray
        Share of full output in each year from groundbreaking [-].
    build_delta_years : float
        The site's construction time less the quoted site's [years].
    ramp_delta_years : float
        The site's ramp time less the quoted site's [years].

    Returns
    -------
    spend, output : numpy.ndarray
        The moved profiles (output's last value holds after it) [-].

    References
    ----------
    .. [1] ``tigris.fab.curves.annual_output_fraction`` and ``capex_spend_fractions``
       (build then logistic ramp; Fisher and Pry 1971), the fab layer's rule.

    Examples
    --------
    A build three months longer and a ramp six months longer (Taiwan to Arizona,
    ``data/sites.csv``) of the CoWoS profiles 0.4|0.6 and 0|0|0.5|1:

    >>> s, o = moved_profiles(np.array([0.4, 0.6]), np.array([0, 0, 0.5, 1.0]), 0.25, 0.5)
    >>> s.round(4).tolist(), o.round(4).tolist()
    ([0.3556, 0.5111, 0.1333], [0.0, 0.0, 0.375, 0.625, 1.0])
    """
    spend = np.asarray(spend, dtype=float)
    output = np.asarray(output, dtype=float)
    on = np.nonzero(output > 0)[0]
    full = np.nonzero(output >= output.max())[0]
    if not len(on) or (build_delta_years == 0 and ramp_delta_years == 0):
        return spend.copy(), output.copy()
    b0, f0 = float(on[0]), float(full[0])
    b = max(b0 + build_delta_years, 0.0)
    f = max(b + (f0 - b0) + ramp_delta_years, b)

    def to_quoted(t: np.ndarray, right: bool) -> np.ndarray:
        """phi: the site's time -> the quoted time, its limit from the right or the
        left where it jumps (a build or a ramp shortened to nothing)."""
        build = b0 * t / b if b > 0 else np.zeros_like(t)
        ramp = b0 + (t - b) * (f0 - b0) / (f - b) if f > b else np.full_like(t, f0)
        after = f0 + (t - f)
        if right:
            return np.where(t < b, build, np.where(t < f, ramp, after))
        return np.where(t <= b, build, np.where(t <= f, ramp, after))

    end = max(f + (len(spend) - f0), f + (len(output) - f0), 1.0)
    n = math.ceil(end - 1e-9)
    edges = np.arange(n + 1.0)
    # spent before each year's start: what the quoted profile spent before phi's left limit
    cum_spend = np.interp(
        to_quoted(edges, right=False), np.arange(len(spend) + 1.0), np.r_[0, np.cumsum(spend)]
    )
    moved_spend = np.diff(cum_spend)
    # output: integrate the quoted profile over the mapped time, segment by segment
    # (on a segment of slope c > 0, int o(phi(t)) dt = (O(phi(y)) - O(phi(x))) / c)
    knots = np.unique(np.concatenate([edges, [x for x in (b, f) if 0 < x < n]]))
    lo, hi = knots[:-1], knots[1:]
    q_lo, q_hi = to_quoted(lo, right=True), to_quoted(hi, right=False)
    d_quoted = q_hi - q_lo
    # slope 0: a build longer than a quoted one of 0 (no output), or a ramp longer than a
    # quoted one of 0, rising linearly to the quoted full output (its mean 1/2, as the
    # fab layer's point-symmetric S-curve, annual_output_fraction)
    rise = np.clip(((lo + hi) / 2 - b) / (f - b), 0.0, 1.0) if f > b else np.ones_like(lo)
    flat = np.where(hi <= b, 0.0, rise * output[int(f0)])
    piece = np.where(
        d_quoted > 1e-12,
        (_cumulative(output, q_hi) - _cumulative(output, q_lo))
        * (hi - lo)
        / np.where(d_quoted > 1e-12, d_quoted, 1.0),
        flat * (hi - lo),
    )
    moved_output = np.array([piece[(lo >= j) & (hi <= j + 1)].sum() for j in range(n)])
    last = int(np.nonzero(moved_spend > 1e-12)[0][-1]) + 1
    return moved_spend[:last], moved_output
