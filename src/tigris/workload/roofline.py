"""Roofline pieces of LLM inference: KV-cache size, prefill FLOPs, decode step time,
batch that fits memory.

Pure, vectorised functions (numpy arrays or scalars in, the same out) used by
:func:`tigris.workload.infer`. Prefill (reading the prompt) is compute-bound: about
``2 * N_active`` FLOPs per token. Decode (one output token per sequence per step) reads
every weight and each sequence's KV cache once per step, so at small batch it is bound by
memory bandwidth; a larger batch shares the weight read until the step becomes
compute-bound (the roofline ridge; Williams, Waterman and Patterson 2009; Pope et al.
2022).
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from tigris.workload._common import FloatOrArray, as_float, check_positive

__all__ = [
    "ATTENTION_FLOP_PER_CONTEXT",
    "BYTES_PER_VALUE",
    "DECODE_ATTENTION_KERNELS",
    "FORWARD_FLOP_PER_PARAM",
    "all_to_all_s",
    "context_attention_flop",
    "decode_kv_read_bytes_per_token",
    "decode_step_times_s",
    "kv_cache_bytes_per_token",
    "max_batch_size",
    "prefill_flop_per_token",
    "tp_all_reduce_s",
]

ArrayLike = npt.ArrayLike

#: Bytes per stored value at each precision (definition of the formats).
BYTES_PER_VALUE: dict[str, float] = {"bf16": 2.0, "fp8": 1.0}
#: Forward FLOPs per active parameter per token: one multiply-add (Kaplan et al. 2020,
#: Sec. 2.1, C_forward = 2N).
FORWARD_FLOP_PER_PARAM = 2.0
#: Keys and values: two tensors cached per layer per KV head.
KV_TENSORS = 2.0
#: Forward attention FLOPs per layer per token per context position per attention
#: dimension: 2 for the query-key logits plus 2 for the softmax-weighted values
#: (Hoffmann et al. 2022, "Chinchilla", arXiv 2203.15556, App. F; the forward third of
#: PaLM's 12 L H Q T, Chowdhery et al. 2022, App. B).
ATTENTION_FLOP_PER_CONTEXT = 4.0
#: How a decode attention kernel reads a grouped-query (GQA/MQA) KV cache: ``grouped``
#: reads each KV head once for all the query heads that share it (TensorRT-LLM's XQA
#: kernel from v0.8, 2024; FlashInfer; FlashDecoding); ``per-head`` reads it once per
#: query head (TensorRT-LLM's masked multi-head attention kernel before XQA, one thread
#: block per sequence and query head).
DECODE_ATTENTION_KERNELS = ("grouped", "per-head")

#: How a dense replica splits its KV cache over its accelerators: ``heads`` by
#: key/value head, as tensor parallelism does (Megatron-LM; vLLM ``QKVParallelLinear``
#: copies a head onto several accelerators when they outnumber the KV heads), the
#: default; ``batch`` by sequence, each accelerator holding its own sequences' cache
#: whole (Pope et al. 2022, arXiv 2211.05102, Sec. 3.3: multiquery attention with the
#: KV cache partitioned over the batch; an expert-parallel replica's data-parallel
#: attention does the same).
KV_SHARDINGS = ("heads", "batch")

#: A tensor-parallel transformer layer all-reduces its activations twice in the forward
#: pass: after the attention output projection and after the MLP (Shoeybi et al. 2019,
#: "Megatron-LM", arXiv 1909.08053, Sec. 3, Fig. 4, the g operators; Pope et al. 2022,
#: arXiv 2211.05102, Sec. 3.2).
ALL_REDUCES_PER_LAYER = 2.0
#: A ring all-reduce sends and receives ``2 (g - 1) / g`` times the buffer per
#: accelerator: reduce-scatter then all-gather (Patarasuk and Yuan 2009, "Bandwidth
#: optimal all-reduce algorithms", JPDC 69(2); NCCL tests' busbw definition).
RING_ALL_REDUCE_PASSES = 2.0


def kv_cache_bytes_per_token(
    n_layers: ArrayLike, n_kv_heads: ArrayLike, head_dim: ArrayLike, bytes_per_value: ArrayLike
) -> FloatOrArray:
    """KV-cache bytes per token of context: ``2 * L * h_kv * d_head * b``.

    Parameters
    ----------
    n_layers : float or array
        Transformer layers [-].
    n_kv_heads : float or array
        Key/value heads per layer (fewer than query heads with GQA/MQA) [-].
    head_dim : float or array
        Dimension of one head [-].
    bytes_per_value : float or array
        Bytes per cached value (2 for BF16) [bytes].

    Returns
    -------
    float or ndarray
        Bytes per token [bytes/token].

    References
    ----------
    Pope et al. 2022, "Efficiently Scaling Transformer Inference", arXiv 2211.05102,
    Sec. 2 and 3.3 (KV cache size, multiquery attention); Kwon et al. 2023,
    "Efficient Memory Management for LLM Serving with PagedAttention", SOSP '23, Sec. 3
    (OPT-13B: 2 x 5120 x 40 x 2 bytes = 800 KB per token).

    Examples
    --------
    OPT-13B (40 layers, 40 heads of 128, BF16): Kwon et al.'s 800 KB per token.

    >>> kv_cache_bytes_per_token(40, 40, 128, 2) / 1024
    800.0
    """
    check_positive(n_layers, "--layers")
    check_positive(n_kv_heads, "--kv-heads")
    check_positive(head_dim, "--head-dim")
    check_positive(bytes_per_value, "bytes_per_value")
    l_, h, d, b = (
        np.asarray(a, dtype=float) for a in (n_layers, n_kv_heads, head_dim, bytes_per_value)
    )
    return as_float(KV_TENSORS * l_ * h * d * b)


def decode_kv_read_bytes_per_token(
    kv_bytes_per_token: ArrayLike,
    n_layers: ArrayLike,
    attn_dim: ArrayLike,
    bytes_per_value: ArrayLike,
    kernel: str = "grouped",
    reread: ArrayLike = 1.0,
) -> FloatOrArray:
    """KV-cache bytes a decode step reads per token of context, by attention kernel.

    A ``grouped`` kernel reads what is cached, ``kv`` bytes per token. A ``per-head``
    kernel gives each query head its own pass over its KV head, so a model with grouped
    or multi-query attention (``h_kv`` KV heads shared by ``h_q`` query heads) is read
    ``h_q / h_kv`` times: at most ``2 L d_attn b`` bytes per token, the multi-head size,
    whatever the KV heads. A fraction ``1 - r`` of the repeated passes hits the on-chip
    cache (the query heads of one group run side by side), so

    ``kv_read = kv + r (2 L d_attn b - kv)``,

    never below ``kv`` (a multi-head model reads the same either way). GQA's saving in
    memory capacity is kept (the cache is stored once); most of its saving in bandwidth
    is lost.

    Parameters
    ----------
    kv_bytes_per_token : float or array
        KV-cache bytes stored per token of context [bytes/token].
    n_layers : float or array
        Transformer layers [-].
    attn_dim : float or array
        Attention width, query heads x head dimension [-].
    bytes_per_value : float or array
        Bytes per cached value [bytes].
    kernel : {"grouped", "per-head"}, optional
        The decode attention kernel (:data:`DECODE_ATTENTION_KERNELS`).
    reread : float or array, optional
        Fraction of a per-head kernel's repeated passes that reach memory, in [0, 1]
        (``workload_defaults.csv`` ``per_head_kv_reread``) [-].

    Returns
    -------
    float or ndarray
        Bytes read per token of context per decode step [bytes/token].

    References
    ----------
    Ainslie et al. 2023, "GQA", arXiv 2305.13245, Sec. 2 (query heads sharing a KV head);
    NVIDIA TensorRT-LLM docs/source/advanced/gpt-attention.md (masked multi-head
    attention: one thread block per sequence and head; XQA for MQA/GQA) and
    docs/source/blogs/XQA-kernel.md (2024-01-30: XQA, in v0.8, "reducing data loading",
    2.4x Llama-70B throughput on one H200 at 128/2,048 tokens).

    Examples
    --------
    Llama 2 70B (80 layers, 64 query heads of 128, 8 KV heads) in FP8: 164 KB cached per
    token, read eight times by a per-head kernel when no repeat hits the cache, 1 + 7 r
    times otherwise.

    >>> decode_kv_read_bytes_per_token(163840, 80, 8192, 1, "per-head") / 163840
    8.0
    >>> decode_kv_read_bytes_per_token(163840, 80, 8192, 1, "per-head", 0.5) / 163840
    4.5
    >>> decode_kv_read_bytes_per_token(163840, 80, 8192, 1)
    163840.0
    """
    if kernel not in DECODE_ATTENTION_KERNELS:
        msg = f"unknown decode attention kernel {kernel!r}; expected {DECODE_ATTENTION_KERNELS}"
        raise ValueError(msg)
    kv = np.asarray(kv_bytes_per_token, dtype=float)
    if kernel == "grouped":
        return as_float(kv)
    l_, d, b, r = (
        np.asarray(a, dtype=float) for a in (n_layers, attn_dim, bytes_per_value, reread)
    )
    return as_float(kv + r * np.maximum(0.0, KV_TENSORS * l_ * d * b - kv))


def prefill_flop_per_token(active_params: ArrayLike) -> FloatOrArray:
    """Forward FLOPs per token: ``2 * N_active`` (attention over the context neglected).

    Parameters
    ----------
    active_params : float or array
        Parameters active per token [-].

    Returns
    -------
    float or ndarray
        FLOPs per token [FLOP/token].

    References
    ----------
    Kaplan et al. 2020, "Scaling Laws for Neural Language Models", arXiv 2001.08361,
    Sec. 2.1 (C_forward = 2N + 2 n_layer n_ctx d_attn).

    Examples
    --------
    >>> prefill_flop_per_token(37e9) == 2 * 37e9
    True
    """
    check_positive(active_params, "--active-params")
    return as_float(FORWARD_FLOP_PER_PARAM * np.asarray(active_params, dtype=float))


def decode_step_times_s(
    batch: ArrayLike,
    weight_bytes: ArrayLike,
    kv_bytes_per_sequence: ArrayLike,
    active_params: ArrayLike,
    replica_size: ArrayLike,
    peak_flop_per_s: ArrayLike,
    memory_bw_bytes_per_s: ArrayLike,
    mfu: ArrayLike = 1.0,
    mbu: ArrayLike = 1.0,
    attention_flop: ArrayLike = 0.0,
) -> tuple[FloatOrArray, FloatOrArray]:
    """Memory time and compute time of one decode step (the step takes the larger).

    ``t_mem = (W + B * kv) / (g * BW * MBU)`` and
    ``t_comp = B (2 N + F_attn) / (g * peak * MFU)`` for a batch of ``B`` sequences on a
    replica of ``g`` accelerators, ``F_attn`` the attention FLOPs of one sequence's new
    token over its context (:func:`context_attention_flop`).

    Parameters
    ----------
    batch : float or array
        Sequences decoded together [-].
    weight_bytes : float or array
        Bytes of all weights read per step (all experts for MoE) [bytes].
    kv_bytes_per_sequence : float or array
        KV-cache bytes read per sequence per step [bytes].
    active_params : float or array
        Parameters active per token [-].
    replica_size : float or array
        Accelerators sharing the weights (tensor/pipeline parallel) [-].
    peak_flop_per_s : float or array
        Dense peak per accelerator [FLOP/s].
    memory_bw_bytes_per_s : float or array
        Memory bandwidth per accelerator [bytes/s].
    mfu : float or array, optional
        Compute utilisation [-].
    mbu : float or array, optional
        Memory-bandwidth utilisation [-].
    attention_flop : float or array, optional
        Attention FLOPs per sequence per step over its context [FLOP].

    Returns
    -------
    memory_s, compute_s : float or ndarray
        Time to read the bytes and time to do the FLOPs [s].

    References
    ----------
    Pope et al. 2022, "Efficiently Scaling Transformer Inference", arXiv 2211.05102,
    Sec. 2 (decode is memory-time bound at small batch); Williams, Waterman and
    Patterson 2009, "Roofline", CACM 52(4).

    Examples
    --------
    405B FP8 weights on 8 H100 (3.35 TB/s each), batch 1: ~15 ms per token.

    >>> mem, comp = decode_step_times_s(1, 405e9, 0.0, 405e9, 8, 989.4e12, 3.35e12)
    >>> round(mem / (405e9 / (8 * 3.35e12)), 9), comp < mem
    (1.0, True)
    """
    b, w, kv, n, g, p, bw, m, u, fa = (
        np.asarray(a, dtype=float)
        for a in (
            batch,
            weight_bytes,
            kv_bytes_per_sequence,
            active_params,
            replica_size,
            peak_flop_per_s,
            memory_bw_bytes_per_s,
            mfu,
            mbu,
            attention_flop,
        )
    )
    memory = (w + b * kv) / (g * bw * u)
    compute = (FORWARD_FLOP_PER_PARAM * n + fa) * b / (g * p * m)
    return as_float(memory), as_float(compute)


def max_batch_size(
    memory_bytes: ArrayLike, weight_bytes: ArrayLike, kv_bytes_per_sequence: ArrayLike
) -> FloatOrArray:
    """Sequences whose KV cache fits beside the weights: ``floor((M - W) / kv)``.

    Parameters
    ----------
    memory_bytes : float or array
        Usable memory of the replica [bytes].
    weight_bytes : float or array
        Bytes of the weights [bytes].
    kv_bytes_per_sequence : float or array
        KV-cache bytes of one full-length sequence [bytes].

    Returns
    -------
    float or ndarray
        Batch size, 0 or less when the weights do not fit [-].

    References
    ----------
    Pope et al. 2022, arXiv 2211.05102, Sec. 3.3 (KV cache limits the batch).

    Examples
    --------
    405 GB of weights in 8 x 72 GB leaves 171 GB, room for 80 sequences of 2.11 GB:

    >>> max_batch_size(8 * 80e9 * 0.9, 405e9, 258048 * 2 * 4096)
    80.0
    >>> (8 * 80e9 * 0.9 - 405e9) // (258048 * 2 * 4096)
    80.0
    """
    m, w, kv = (
        np.asarray(a, dtype=float) for a in (memory_bytes, weight_bytes, kv_bytes_per_sequence)
    )
    return as_float(np.floor((m - w) / kv))


def context_attention_flop(
    n_layers: ArrayLike, attn_dim: ArrayLike, context: ArrayLike
) -> FloatOrArray:
    """Forward attention FLOPs of one token over ``context`` earlier tokens: ``4 L c d``.

    Per layer the token's query meets ``c`` cached keys (``2 c d`` FLOPs for the logits)
    and weighs ``c`` cached values (``2 c d``); ``d`` is the attention width, query heads
    x head dimension. Not counted by ``2 N``; it grows with the context, so long prompts
    and long answers cost more per token.

    Parameters
    ----------
    n_layers : float or array
        Transformer layers [-].
    attn_dim : float or array
        Attention width, query heads x head dimension [-].
    context : float or array
        Tokens attended to [tokens].

    Returns
    -------
    float or ndarray
        FLOPs for that token [FLOP].

    References
    ----------
    Hoffmann et al. 2022, "Training Compute-Optimal Large Language Models", arXiv
    2203.15556, App. F (logits 2 x seq x key_size x heads; softmax @ values the same);
    Kaplan et al. 2020, arXiv 2001.08361, Table 1 (2 n_layer n_ctx d_attn for the logits);
    kipply 2022, "Transformer Inference Arithmetic" (kipp.ly).

    Examples
    --------
    Llama 2 70B (80 layers, 64 heads x 128) at 4,096 tokens of context: 10.7 GFLOP, 8 %
    of its 2 x 69e9 = 138 GFLOP of weight FLOPs.

    >>> context_attention_flop(80, 64 * 128, 4096) == 4 * 80 * 4096 * 8192
    True
    """
    check_positive(n_layers, "--layers")
    check_positive(attn_dim, "--attn-dim")
    check_positive(context, "context", allow_zero=True)
    l_, d, c = (np.asarray(a, dtype=float) for a in (n_layers, attn_dim, context))
    return as_float(ATTENTION_FLOP_PER_CONTEXT * l_ * c * d)


def all_to_all_s(
    tokens: ArrayLike,
    moe_layers: ArrayLike,
    experts_per_token: ArrayLike,
    d_model: ArrayLike,
    bytes_per_value: ArrayLike,
    replica_size: ArrayLike,
    link_bytes_per_s: ArrayLike,
    efficiency: ArrayLike = 1.0,
    *,
    combine_bytes_per_value: ArrayLike | None = None,
    node_size: ArrayLike = np.inf,
    scale_out_bytes_per_s: ArrayLike = np.inf,
    scale_out_efficiency: ArrayLike = 1.0,
    hierarchical: bool = False,
) -> FloatOrArray:
    """Time of the MoE dispatch and combine for ``tokens`` spread over a replica.

    With the experts spread evenly over the ``g`` accelerators of a replica (expert
    parallelism), each accelerator holding ``T = tokens / g`` of the tokens, each of a
    token's ``k`` routed copies (``d_model`` values) goes to the accelerator of its
    expert, and comes back after it (combine). A replica larger than one scale-up
    domain of ``G`` accelerators (an 8-GPU HGX node) spans ``n = g / G`` domains joined
    by a scale-out network (InfiniBand or RoCE, one NIC per accelerator); the two
    networks run side by side, so per MoE layer

    ``t = T d (b + b_c) max(c_so / (B_so e_so), c_su / (B_su e_su))``,

    ``b`` and ``b_c`` the bytes per value sent by dispatch and by combine, ``B e`` each
    network's one-way bandwidth per accelerator times the fraction an all-to-all
    reaches, and ``c`` the copies of one token each network carries per accelerator:

    * direct (DeepEP's low-latency decode kernels: every copy sent point to point):
      ``c_so = k (g - G) / g`` (experts in other domains), ``c_su = k (G - 1) / g``;
    * ``hierarchical`` (DeepSeek-V3's cross-node dispatch, DeepEP's normal kernels):
      a token crosses the scale-out network once per remote domain holding one of its
      experts, to the accelerator of the same index there, which forwards it over
      NVLink: ``c_so = (n - 1) (1 - (1 - 1/n)^k)`` (the expected remote domains hit by
      ``k`` experts placed at random), ``c_su = k (G - 1) / G``.

    Within one domain (``g <= G``) both give ``c_su = k (g - 1) / g`` and
    ``t = L_moe T k d (b + b_c) (g - 1) / g / (B_su e_su)``.

    Parameters
    ----------
    tokens : float or array
        Tokens in flight in the replica (the decode batch, or a prefill step's) [-].
    moe_layers : float or array
        Layers with routed experts [-].
    experts_per_token : float or array
        Routed experts per token (top-k) [-].
    d_model : float or array
        Hidden size sent per token [-].
    bytes_per_value : float or array
        Bytes per activation value sent by dispatch [bytes].
    replica_size : float or array
        Accelerators the experts are spread over [-].
    link_bytes_per_s : float or array
        Scale-up bandwidth per accelerator, one direction [bytes/s].
    efficiency : float or array, optional
        Fraction of that bandwidth an all-to-all reaches [-].
    combine_bytes_per_value : float or array, optional
        Bytes per value sent back by combine; default ``bytes_per_value`` [bytes].
    node_size : float or array, optional
        Accelerators per scale-up domain ``G``; default unbounded (one domain) [-].
    scale_out_bytes_per_s : float or array, optional
        Scale-out (NIC) bandwidth per accelerator, one direction [bytes/s].
    scale_out_efficiency : float or array, optional
        Fraction of the NIC bandwidth an all-to-all reaches [-].
    hierarchical : bool, optional
        Send each token once per remote domain, then forward (prefill kernels); else
        each copy directly (decode kernels).

    Returns
    -------
    float or ndarray
        Seconds, zero on a single accelerator [s].

    References
    ----------
    Lepikhin et al. 2020, "GShard", arXiv 2006.16668, Sec. 3.2 (dispatch and combine
    all-to-all around each expert layer); DeepSeek-AI 2024, "DeepSeek-V3 Technical
    Report", arXiv 2412.19437, Sec. 3.2.2 (cross-node all-to-all: IB to the GPU of the
    same in-node index on each target node, then NVLink forwarding; IB 50 GB/s, NVLink
    160 GB/s) and Sec. 3.3 (FP8 dispatch, BF16 combine); DeepEP docs/legacy.md
    (deepseek-ai/DeepEP V1, 2025): normal kernels with NVLink and RDMA forwarding for
    prefill, pure-RDMA low-latency kernels for decode, measured bandwidths on H800 with
    one CX7 400 Gb/s NIC per GPU.

    Examples
    --------
    DeepSeek-V3 (58 MoE layers, 8 routed experts, hidden 7,168, FP8 activations), 256
    decode tokens over 8 H800 (200 GB/s per direction): 58 x 2 x 256 x 8 x 7168 x 7 / 64
    / 200e9 = 0.93 ms per step.

    >>> t = all_to_all_s(256, 58, 8, 7168, 1, 8, 200e9)
    >>> round(t * 1e3, 2)
    0.93
    >>> all_to_all_s(256, 58, 8, 7168, 1, 1, 200e9)
    0.0

    The same 256 tokens per GPU over 72 GPUs in 9 nodes of 8, each GPU with a 50 GB/s
    NIC, combine in BF16: 8 x 64 / 72 = 7.1 copies a token cross InfiniBand, 256 x 7168
    x 3 x 7.1 = 39 MB per GPU per layer, 0.78 ms at 50 GB/s, 45 ms over 58 layers.

    >>> t = all_to_all_s(256 * 72, 58, 8, 7168, 1, 72, 200e9, combine_bytes_per_value=2,
    ...                  node_size=8, scale_out_bytes_per_s=50e9)
    >>> round(t * 1e3, 1), round(58 * 256 * 7168 * 3 * 8 * 64 / 72 / 50e9 * 1e3, 1)
    (45.4, 45.4)
    """
    n, lm, k, d, b, g, bw, e, so, so_e = (
        np.asarray(a, dtype=float)
        for a in (
            tokens,
            moe_layers,
            experts_per_token,
            d_model,
            bytes_per_value,
            replica_size,
            link_bytes_per_s,
            efficiency,
            scale_out_bytes_per_s,
            scale_out_efficiency,
        )
    )
    bc = b if combine_bytes_per_value is None else np.asarray(combine_bytes_per_value, float)
    domain = np.minimum(g, np.asarray(node_size, dtype=float))
    if hierarchical:
        nodes = g / domain
        c_so = (nodes - 1.0) * (1.0 - (1.0 - 1.0 / nodes) ** k)
        c_su = k * (domain - 1.0) / domain
    else:
        c_so = k * (g - domain) / g
        c_su = k * (domain - 1.0) / g
    with np.errstate(invalid="ignore"):
        so_time = np.where(c_so > 0, c_so / (so * so_e), 0.0)
    per_byte = np.maximum(so_time, c_su / (bw * e))
    return as_float(lm * (n / g) * d * (b + bc) * per_byte)


def tp_all_reduce_s(
    tokens: ArrayLike,
    n_layers: ArrayLike,
    d_model: ArrayLike,
    bytes_per_value: ArrayLike,
    replica_size: ArrayLike,
    link_bytes_per_s: ArrayLike,
    efficiency: ArrayLike = 1.0,
    latency_s: ArrayLike = 0.0,
    *,
    node_size: ArrayLike = np.inf,
    scale_out_bytes_per_s: ArrayLike = np.inf,
    scale_out_efficiency: ArrayLike = 1.0,
    net_hop_latency_s: ArrayLike = 0.0,
) -> FloatOrArray:
    """Time of the tensor-parallel all-reduces of one forward pass over ``tokens``.

    A replica of ``g`` accelerators splitting every layer (Megatron tensor parallelism)
    all-reduces the ``tokens x d_model`` activations twice per layer. One ring
    all-reduce of ``S`` bytes takes ``alpha + 2 (g - 1) / g * S / (link * eff)``, with
    ``link * eff`` the bus bandwidth NCCL tests report and ``alpha`` the fixed time of
    a small all-reduce, so

    ``t = 2 L (alpha + 2 (g - 1) / g * tokens * d * b / (link * eff))``, zero for ``g = 1``.

    A replica larger than one scale-up domain of ``G`` accelerators (``g > G``, ``n =
    g / G`` domains joined by one NIC per accelerator) runs NCCL's cross-node
    all-reduce: the ring's bus bandwidth is the number of channels times the per-channel
    inter-node speed, one channel per NIC rail, so ``G B_so e_so`` when that is below
    the scale-up ``link * eff`` (the slowest link of the ring), and the small-message
    (tree) latency adds ``2 log2(n)`` network hops of ``net_hop_latency_s`` each:

    ``alpha' = alpha + 2 ceil(log2 n) h_net``, bus bandwidth ``min(link eff, G B_so e_so)``.

    This takes the tree's latency and the ring's bandwidth, the lower envelope of the
    two algorithms NCCL chooses between, so it is optimistic for mid-size messages.

    Parameters
    ----------
    tokens : float or array
        Tokens in the forward pass (the decode batch, or a prompt's tokens) [-].
    n_layers : float or array
        Transformer layers [-].
    d_model : float or array
        Hidden size, the values reduced per token [-].
    bytes_per_value : float or array
        Bytes per activation value reduced [bytes].
    replica_size : float or array
        Accelerators the layers are split over (TP degree) [-].
    link_bytes_per_s : float or array
        Interconnect bandwidth per accelerator, one direction [bytes/s].
    efficiency : float or array, optional
        Bus bandwidth over link bandwidth an all-reduce reaches [-].
    latency_s : float or array, optional
        Fixed time of one all-reduce [s].
    node_size : float or array, optional
        Accelerators per scale-up domain ``G``; default unbounded (one domain) [-].
    scale_out_bytes_per_s : float or array, optional
        NIC bandwidth per accelerator between domains, one direction [bytes/s].
    scale_out_efficiency : float or array, optional
        Fraction of the NIC bandwidth reached [-].
    net_hop_latency_s : float or array, optional
        Latency of one inter-node step of NCCL's tree [s].

    Returns
    -------
    float or ndarray
        Seconds per forward pass [s].

    References
    ----------
    Shoeybi et al. 2019, "Megatron-LM", arXiv 1909.08053, Sec. 3 (two all-reduces per
    layer); Pope et al. 2022, "Efficiently Scaling Transformer Inference", arXiv
    2211.05102, Sec. 3.2 (1D weight-stationary layout, all-reduce cost); Patarasuk and
    Yuan 2009, JPDC 69(2) (ring all-reduce 2 (g - 1) / g); NVIDIA nccl-tests
    doc/PERFORMANCE.md (bus bandwidth); NVIDIA/nccl src/graph/tuning.cc,
    ``ncclTopoTuneModel`` (ring ``busBw = nChannels * speedInter`` across more than two
    nodes; tree latency ``2 ((ppn - 1) intraLat + log2(nNodes) interLat)``).

    Examples
    --------
    Llama 2 70B (80 layers, hidden 8,192) decoding 64 sequences in BF16 on 4 H100
    (450 GB/s one way, bus bandwidth 366 GB/s, 13 us floor): each all-reduce moves
    64 x 8192 x 2 = 1 MiB, 1.5 x 1 MiB / 366 GB/s = 4.3 us plus 13 us, 160 of them
    = 2.77 ms per step:

    >>> t = tp_all_reduce_s(64, 80, 8192, 2, 4, 450e9, 366 / 450, 13e-6)
    >>> round(t * 1e3, 2), round(160 * (13e-6 + 1.5 * 64 * 8192 * 2 / 366e9) * 1e3, 2)
    (2.77, 2.77)
    >>> tp_all_reduce_s(64, 80, 8192, 2, 1, 450e9, 0.8, 13e-6)
    0.0

    The same on 32 H100 in 4 nodes of 8 with 5 GB/s NICs at full efficiency and 5 us
    per network hop: the ring's bus bandwidth is 8 x 5 = 40 GB/s, below NVLink's 366,
    and the latency gains 2 x 2 x 5 us:

    >>> t = tp_all_reduce_s(64, 80, 8192, 2, 32, 450e9, 366 / 450, 13e-6, node_size=8,
    ...                     scale_out_bytes_per_s=5e9, net_hop_latency_s=5e-6)
    >>> round(t * 1e3, 3), round(160 * (33e-6 + 2 * 31 / 32 * 64 * 8192 * 2 / 40e9) * 1e3, 3)
    (13.406, 13.406)
    """
    n, l_, d, b, g, bw, e, a, gn, so, so_e, h = (
        np.asarray(x, dtype=float)
        for x in (
            tokens,
            n_layers,
            d_model,
            bytes_per_value,
            replica_size,
            link_bytes_per_s,
            efficiency,
            latency_s,
            node_size,
            scale_out_bytes_per_s,
            scale_out_efficiency,
            net_hop_latency_s,
        )
    )
    bus = bw * e
    cross = g > gn
    with np.errstate(invalid="ignore", divide="ignore"):
        nodes = np.where(cross, g / np.minimum(g, gn), 1.0)
        bus = np.where(cross, np.minimum(bus, gn * so * so_e), bus)
        a = a + np.where(cross, 2.0 * np.ceil(np.log2(nodes)) * h, 0.0)
    ring = RING_ALL_REDUCE_PASSES * (g - 1.0) / g * n * d * b / bus
    return as_float(np.where(g > 1, ALL_REDUCES_PER_LAYER * l_ * (a + ring), 0.0))
