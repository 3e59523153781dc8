# Shared by the simulator's shims: the JS bridge, OSError from '-errno' answers, heap sampling.
# (Simulator only: on a Pico W these modules are the firmware's own, written in C.)
import gc
from _otalab_bridge import heap_sample, sim_twins

# The lab switches this on to sample the live heap at every shim call (costs a gc.collect each).
measure = False
# Depth of import statements running (bootstrap.py counts them when compiled twins are served).
importing = 0
# Whether the host serves compiled twins of flash files to imports (host.ts).
twins = sim_twins()


def sample(label=''):
    if measure:
        gc.collect()
        heap_sample(gc.mem_alloc(), label)


def check(r):
    # Bridge calls answer a count >= 0, or -errno.
    if r < 0:
        raise OSError(-r)
    return r
