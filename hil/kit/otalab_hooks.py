# The observer device/lib/otalab_recover.py calls when present (hook()): forwards to the test kit,
# then to the observer it displaced (the simulator's), if any.
import otalab_kit

chain = None


def on_recovered(action):
    otalab_kit.recovered(action)
    if chain is not None:
        chain.on_recovered(action)


def on_outcome(outcome):
    otalab_kit.outcome_hook(outcome)
    if chain is not None:
        chain.on_outcome(outcome)
