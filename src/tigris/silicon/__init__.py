"""The silicon layer: dies per wafer, yield, and wafers and cost per accelerator.

Pure, vectorised functions (numpy arrays in, arrays out) for gross dies per wafer
(:func:`gross_dies_estimate`, :func:`gross_dies_exact`), die yield
(:func:`die_yield` with a model chosen by :class:`YieldModel`, harvesting with
:func:`harvested_yield`, defect-density learning with :func:`defect_density`), and the
per-accelerator bill :func:`chip_bill` used by the fab and plan layers (by
production year: :func:`wafers_by_year`), and HBM stacks per DRAM wafer
(:func:`good_stacks_per_wafer`).
"""

from tigris.silicon.chip import (
    BY_YEAR_KEYS,
    COST_KEYS,
    ChipBill,
    Packaging,
    chip_bill,
    get_packaging,
    wafers_by_year,
)
from tigris.silicon.dies import (
    DieLayout,
    die_layout,
    exceeds_reticle,
    gross_dies_estimate,
    gross_dies_exact,
    gross_dies_exact_bounds,
)
from tigris.silicon.hbm import HbmGeneration, get_hbm, good_stacks_per_wafer, list_hbm
from tigris.silicon.params import silicon_param
from tigris.silicon.yields import (
    YIELD_MODELS,
    D0Choice,
    YieldModel,
    bose_einstein_yield,
    defect_density,
    die_yield,
    harvest_probability,
    harvested_yield,
    months_since_hvm,
    murphy_yield,
    negative_binomial_yield,
    node_d0,
    parse_yield_model,
    poisson_yield,
    seeds_yield,
)

__all__ = [
    "BY_YEAR_KEYS",
    "COST_KEYS",
    "YIELD_MODELS",
    "ChipBill",
    "D0Choice",
    "DieLayout",
    "HbmGeneration",
    "Packaging",
    "YieldModel",
    "bose_einstein_yield",
    "chip_bill",
    "defect_density",
    "die_layout",
    "die_yield",
    "exceeds_reticle",
    "get_hbm",
    "get_packaging",
    "good_stacks_per_wafer",
    "gross_dies_estimate",
    "gross_dies_exact",
    "gross_dies_exact_bounds",
    "harvest_probability",
    "harvested_yield",
    "list_hbm",
    "months_since_hvm",
    "murphy_yield",
    "negative_binomial_yield",
    "node_d0",
    "parse_yield_model",
    "poisson_yield",
    "seeds_yield",
    "silicon_param",
    "wafers_by_year",
]
