# What boot.py runs after recovery (core/boot.ts): read the config and start the watchdog (on
# every boot, so a hung app is reset); when no version is on trial, check for an update, and reset
# into the new version if files changed.
# A broken config stops updates, not the board: it is recorded and the app still runs.
import otalab_recover as R
from otalab_recover import OtaError

last_outcome = None


def wifi(cfg):
    # Joins `ssid` when configured (None when connected or not configured, else why not): polled
    # `retries` times with the backoff doubling, every wait slept in watchdog-fed slices.
    if not cfg['ssid']:
        return None
    import network
    from otalab.transport import sleep_fed
    w = network.WLAN(network.STA_IF)
    w.active(True)
    if w.isconnected():
        return None
    w.connect(cfg['ssid'], cfg['password'] or '')
    wait = cfg['backoff_sec'] * 1000
    for attempt in range(cfg['retries']):
        if w.isconnected():
            R.log('Wi-Fi connected')
            return None
        st = w.status()
        if isinstance(st, int) and st < 0:
            break
        sleep_fed(wait if attempt else 500)
        if attempt:
            wait = min(wait * 2, cfg['max_backoff_sec'] * 1000)
    if w.isconnected():
        return None
    return 'Wi-Fi connection to %s failed (status %s); check ssid and password' % (cfg['ssid'], w.status())


def run(on_trial):
    global last_outcome
    try:
        from otalab import config
        cfg, warns = config.load()
    except OtaError as e:
        R.record_error({'phase': 'boot', 'code': e.code, 'message': e.message}, R.ERROR_LIMIT, dedupe=True)
        R.log('config invalid: ' + e.message)
        return on_trial
    for w in warns:
        R.log('config warning: ' + w)
    R.debug = cfg['debug']
    # The LED waits for the config (recovery runs before it is read); a rollback shows once, here.
    if R.rolled_back and cfg['status_led']:
        from otalab import led
        led.show('rollback')
    # On trial boots too: a new version whose app hangs must be reset by the watchdog.
    if cfg['watchdog_timeout_ms'] is not None:
        R.start_watchdog(cfg['watchdog_timeout_ms'])
    if on_trial:
        return True
    from otalab import update
    joined = wifi(cfg)
    if joined is None:
        outcome = update.check_for_update(cfg)
    else:
        R.record_error({'phase': 'check', 'code': 'NETWORK', 'message': joined}, cfg['error_history_limit'], cfg['token'])
        outcome = {'kind': 'failed', 'code': 'NETWORK', 'message': joined}
    last_outcome = update.describe(outcome)
    R.log('outcome: ' + last_outcome)
    R.hook('on_outcome', last_outcome)
    changed = outcome['kind'] == 'updated' and outcome['added'] + outcome['replaced'] + outcome['deleted'] > 0
    if changed and cfg['reset_mode'] != 'none':
        import machine
        R.log('resetting into the new version')
        if cfg['reset_mode'] == 'soft':
            machine.soft_reset()
        else:
            machine.reset()
    return changed
