# The simulator's observer for device/ (device/lib/otalab_recover.py `hook`): a board has none.
# The lab snapshots the flash when recovery finished and records each update check's outcome.
import _otalab_sim as S
from _otalab_bridge import hook_outcome, hook_recovered


def on_recovered(action):
    S.sample('recovered')
    hook_recovered(action)


def on_outcome(outcome):
    S.sample('otalab_hooks.on_outcome')
    hook_outcome(outcome)
