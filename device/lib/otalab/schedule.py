# When to update (core/update/window.ts, rollout.ts, app-veto.ts, schedule.ts; docs/SPEC.md 9):
# the update window, canary rollouts, the app's veto. Each deferral is recorded (deduplicated).
import hashlib
import otalab_recover as R

CLOCK_SET_AFTER_MS = 1704067200000  # 2024-01-01: a Pico W without NTP reads 2021 after each start
VETO = 'ota_defer.json'
VETO_REASON_MAX = 100


def in_window(hour, start, end):
    if start == end:
        return True
    return start <= hour < end if start < end else (hour >= start or hour < end)


def window_deferral(now_ms, cfg):
    start, end = cfg['update_window_start_hour'], cfg['update_window_end_hour']
    if start is None or end is None or start == end:
        return None
    win = '%02d:00-%02d:00 UTC' % (start, end)
    if now_ms < CLOCK_SET_AFTER_MS:
        if cfg['update_window_unknown_clock'] == 'allow':
            return None
        return ('CLOCK_UNKNOWN', 'the board clock is not set (it reads before 2024), so the update window %s cannot be checked; set the clock (NTP), or set "update_window_unknown_clock" to "allow"' % win)
    if in_window((now_ms // 3600000) % 24, start, end):
        return None
    return ('OUTSIDE_WINDOW', 'outside the update window %s; the first check inside it updates' % win)


def bucket(uid_hex):
    d = hashlib.sha256(uid_hex.lower().encode()).digest()
    return ((d[0] << 8) | d[1]) % 100


def board_bucket():
    # Read only when a rollout below 100 % applies; a host without `machine` (tests) is bucket 99,
    # the last board any canary reaches.
    try:
        import machine
        import binascii
        return bucket(binascii.hexlify(machine.unique_id()).decode())
    except ImportError:
        return 99


def _trim(s):
    a, b = 0, len(s)
    while a < b and s[a] in ' \t':
        a += 1
    while b > a and s[b - 1] in ' \t':
        b -= 1
    return s[a:b]


def release_rollout(body):
    # (percent, invalid text or None): the first `rollout:` line of the release notes counts.
    if body is None:
        return (100, None)
    for raw in body.split('\n'):
        rest = _trim(raw[:-1] if raw.endswith('\r') else raw)
        if rest[:7].lower() != 'rollout':
            continue
        after = _trim(rest[7:])
        if not after.startswith(':'):
            continue
        v = _trim(after[1:])
        if v.endswith('%'):
            v = _trim(v[:-1])
        if 1 <= len(v) <= 3 and not [c for c in v if c not in '0123456789'] and int(v) <= 100:
            return (int(v), None)
        return (0, v[:20])
    return (100, None)


def rollout_deferral(tag, body, cap, b):
    # `b`: the bucket, or a function computing it (called only when the percent is below 100).
    pub, bad = release_rollout(body)
    pct = pub if cap is None else min(pub, cap)
    if pct >= 100:
        return None
    if callable(b):
        b = b()
    if b < pct:
        return None
    if bad is not None:
        why = 'release %s has an unreadable rollout line ("rollout: %s"), read as 0 %%; write "rollout: N" with N from 0 to 100' % (tag, bad)
    else:
        why = 'release %s is rolled out to %d %% of boards%s' % (tag, pct, ' (capped by rollout_percent %d)' % cap if cap is not None and cap < pub else '')
    return ('ROLLOUT_WAIT', "%s; this board's bucket is %d, so it stays on its version until the rollout exceeds %d %%" % (why, b, b))


def defer(reason):
    # The app's veto: the next check that would run defers instead (written in place; a torn file still vetoes).
    with open(VETO, 'w') as f:
        f.write(R.dumps(R.Obj(('format', 1), ('reason', str(reason)[:VETO_REASON_MAX]))))


def veto_deferral(cfg, read):
    # `read`: R.read_json(VETO), not 'missing' (update.py reads it). Record first, then remove:
    # a cut between repeats the deferral at the next boot (deduplicated record).
    kind, v = read
    reason = None
    if kind == 'ok' and isinstance(v, dict) and isinstance(v.get('reason'), str):
        reason = v['reason'][:VETO_REASON_MAX]
    said = 'without a readable reason' if reason is None else '"%s"' % reason
    out = record(cfg, ('APP_DEFERRED', 'the app deferred this check (%s: %s); the next check runs as usual' % (VETO, said)))
    try:
        R.remove_if_exists(VETO)
    except OSError as e:
        R.log('veto clear failed: ' + R.errno_name(e))
    return out


def window_deferral_recorded(cfg):
    w = window_deferral(R.now_ms(), cfg)
    return None if w is None else record(cfg, w)


def crash_deferral(cfg):
    # core/update/crash-delay.ts: N watchdog resets in a row pause update checks for N boots.
    n = cfg['max_crashes_before_delay']
    if n is None:
        return None
    st = R.read_state()
    c0, s0 = st.get('crashes', 0), st.get('crash_skip', 0)
    crashes, skip, pause = c0, s0, False
    if skip > 0:
        skip, crashes, pause = skip - 1, 0, True
    else:
        crashes = crashes + 1 if R.reset_cause() == 'watchdog' else 0
        if crashes >= n:
            skip, crashes, pause = n - 1, 0, True
    if crashes != c0 or skip != s0:
        st['crashes'], st['crash_skip'] = crashes, skip
        try:
            R.write_state(st)
        except OSError as e:
            R.log('state write failed: ' + R.errno_name(e))
    if not pause:
        return None
    return ('CRASH_DELAY', 'the board was reset by its watchdog %d boot(s) in a row (a crash or a hang, perhaps in the update itself); update checks pause for %d boot(s) so the app can run' % (n, n))


def record(cfg, d):
    R.record_error({'phase': 'check', 'code': d[0], 'message': d[1]}, cfg['error_history_limit'], cfg['token'], True)
    return {'kind': 'deferred', 'reason': d[1]}
