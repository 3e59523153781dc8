# One update attempt (core/update/check-for-update.ts): gates -> resolve -> file list (manifest
# or tree) -> plan against the installed files -> stage and verify -> journaled commit. Expected
# failures become an outcome {'kind': 'failed'} with a record in ota_error.json.
import gc
import otalab_recover as R
from otalab_recover import OtaError
from otalab.github import Client
from otalab.paths import managed_by
from otalab import plan as P, stage as S, commit as C, tree as T, manifest as M
from otalab.boot_hook import check_boot_hook

VETO = 'ota_defer.json'


def _schedule():
    # Imported only when a schedule feature is in use: a board without one keeps its heap (~5 KiB).
    from otalab import schedule
    return schedule


def led(cfg, name):
    # The status LED (otalab/led.py), loaded only when the user handed the LED to the updater.
    if cfg['status_led']:
        from otalab import led as L
        L.show(name)


def led_hold(cfg, on):
    if cfg['status_led']:
        from otalab import led as L
        L.hold(on)


def deferral(cfg):
    # core/update/gates.ts: a pending transaction first (recovery must finish it; a new attempt
    # would clear the stage its journal needs).
    if R.exists(R.JOURNAL):
        return {'kind': 'deferred', 'reason': '%s is still pending: recovery must finish it before another update (it retries at every boot)' % R.JOURNAL}
    now = R.now_ms()
    st = R.read_state()
    until = st['rate_limited_until']
    bad = st['unreadable_until']
    if bad is None and until is not None and until > now + R.RATE_LIMIT_MAX_WAIT_MS:
        bad = "is %d min ahead of the clock, more than GitHub's 1 h window" % ((until - now + 30000) // 60000)
    if bad is not None:
        _drop_rate_limit(cfg, st, bad)
    elif until is not None and until > now:
        return {'kind': 'deferred', 'reason': 'GitHub rate limit: next check after %d s' % ((until - now) // 1000), 'until': until}
    if cfg['min_free_mem'] > 0:
        gc.collect()
        free = gc.mem_free()
        if free < cfg['min_free_mem']:
            return {'kind': 'deferred', 'reason': 'free memory %d B is below min_free_mem %d B' % (free, cfg['min_free_mem'])}
    if cfg['min_battery_percent'] is not None:
        from otalab.battery import percent
        b = percent()
        if b is not None and b < cfg['min_battery_percent']:
            return {'kind': 'deferred', 'reason': 'battery %d%% is below min_battery_percent %s%%' % (b, cfg['min_battery_percent'])}
    return None


def interval_deferral(cfg):
    # core/update/interval-gate.ts: no check within min_update_interval_sec of the last completed
    # one; a last_check ahead of the clock (no NTP: the clock restarted at 2021) is ignored.
    iv = cfg['min_update_interval_sec']
    if iv <= 0:
        return None
    last = R.read_state()['last_check']
    if last is None:
        return None
    now = R.now_ms()
    if last > now:
        R.log('last_check is ahead of the clock (clock reset?): checking')
        return None
    until = last + iv * 1000
    if until <= now:
        return None
    return {'kind': 'deferred', 'until': until,
            'reason': 'last check %d s ago, min_update_interval_sec is %d: next check in %d s' % ((now - last) // 1000, iv, -(-(until - now) // 1000))}


def _fnv1a32(text):
    h = 0x811c9dc5
    for b in text.encode():
        h = ((h ^ b) * 0x01000193) & 0xFFFFFFFF
    return h


def _xorshift32(x):
    x ^= (x << 13) & 0xFFFFFFFF
    x ^= x >> 17
    x ^= (x << 5) & 0xFFFFFFFF
    return x


def jitter_ms(board_id, n, cap_ms):
    # core/update/check-backoff.ts jitterMs: the same draw, number for number.
    return _xorshift32(_xorshift32(_fnv1a32('%s:%d' % (board_id, n)))) % (max(0, int(cap_ms)) + 1)


def board_id():
    import machine
    return ''.join(['%02x' % b for b in machine.unique_id()])


def backoff_cap_ms(cfg, n):
    return min(cfg['min_update_interval_sec'] * 1000, cfg['backoff_sec'] * 1000 * 2 ** min(max(0, n - 1), 31))


def backoff_deferral(cfg):
    # core check-backoff.ts backoffDeferral: a polling board waits out the backoff after failed checks.
    if cfg['min_update_interval_sec'] <= 0:
        return None
    st = R.read_state()
    at = st['next_check_at']
    if at is None:
        return None
    now = R.now_ms()
    if at <= now:
        return None
    if at - now > max(cfg['min_update_interval_sec'] * 1000, R.RATE_LIMIT_MAX_WAIT_MS):
        R.log('backoff is ahead of the clock (clock reset?): checking')
        return None
    return {'kind': 'deferred', 'until': at,
            'reason': 'backing off after %d failed check(s): next check in %d s' % (st['failures'], -(-(at - now) // 1000))}


def lookup_target(cfg, client, installed):
    # core/update/conditional-lookup.ts: ('unchanged', lookup, 'up-to-date'|'rejected') after a 304
    # for what the board has or refused, else ('target', target, lookup or None).
    st = R.read_state()
    if st['unreadable_lookup'] is not None:
        _drop_lookup(cfg, st, st['unreadable_lookup'])
    path = client.lookup_path()
    stored = st['lookup']
    if cfg['force'] or stored is None or stored['path'] != path:
        stored = None
    target, etag = client.resolve_target(stored['etag'] if stored else None)
    if target is None and stored is not None:
        if installed is not None and installed['commit'] == stored['commit']:
            return ('unchanged', stored, 'up-to-date')
        if installed is not None and stored['commit'] in (installed.get('rejected') or []):
            return ('unchanged', stored, 'rejected')
        R.log('304 for %s, but %s is not installed: looking up in full' % (path, stored['commit'][:7]))
        target, etag = client.resolve_target(None)
    return ('target', target, None if etag is None else {'path': path, 'etag': etag, 'commit': target['commit']})


def _drop_lookup(cfg, st, why):
    R.log('lookup record dropped: ' + why)
    R.record_error({'phase': 'check', 'code': 'RECOVERY',
                    'message': 'ota_state.json: lookup %s; ignored, the ref is looked up in full (a corrupt file)' % why},
                   cfg['error_history_limit'], cfg['token'])
    st = dict(st)
    st['lookup'] = None
    _write_state_quietly(st)


def _write_state_quietly(st):
    try:
        R.write_state(st)
    except OSError as e:
        R.log('state write failed: ' + R.errno_name(e))


def _drop_rate_limit(cfg, st, why):
    # A wait no GitHub answer asks for: a corrupt file, or a clock that went back (no NTP: the
    # Pico W restarts at 2021-01-01 on every power-on). Ignored, cleared and recorded (gates.ts).
    R.log('rate-limit record dropped: ' + why)
    R.record_error({'phase': 'check', 'code': 'RECOVERY',
                    'message': 'ota_state.json: rate_limited_until %s; ignored (a corrupt file, or the clock was reset)' % why},
                   cfg['error_history_limit'], cfg['token'])
    try:
        st['rate_limited_until'] = None
        R.write_state(st)
    except OSError as e:
        R.log('state write failed: ' + R.errno_name(e))


def target_source(client, target, cfg):
    # (ref, {path: {'url', 'size', 'sha1', 'sha256'}}) from the manifest, else the tree.
    managed = managed_by(cfg)
    text = client.fetch_manifest(target['release']) if target['release'] else None
    if text is None and cfg['trusted_keys']:
        raise OtaError('SIGNATURE_INVALID', 'trusted_keys is set but %s has no manifest.json asset; refusing an unsigned update (publish a signed manifest: docs/signing.md)' % target['ref'])
    if text is None and cfg['manifest_key']:
        raise OtaError('SIGNATURE_INVALID', 'manifest_key is set but %s has no manifest.json asset; refusing an unsigned update (publish a signed manifest, or remove manifest_key)' % target['ref'])
    files = {}
    if text is not None:
        m = M.parse(text, target['commit'], cfg, target['ref'])
        del text
        for p, size, sha in m['files']:
            if managed(p):
                files[p] = {'url': client.raw_file_url(target['commit'], p), 'size': size, 'sha1': None, 'sha256': sha, 'sha': sha}
        return (m['version'] if m['version'] is not None else target['ref'], files, m.get('counter'))
    for p, sha, size, kind in T.fetch_tree(client, target['commit'], cfg):
        if not managed(p):
            continue
        if kind is not None:
            # Skipping it would install a version without files the app may need: loud, not partial.
            raise OtaError('PATH_REJECTED', 'tree entry "%s" is a %s (mode %s), which a board cannot hold; refusing the update - add it to `ignore` in ota_config.json, or commit the files themselves'
                           % (p, kind, '120000' if kind == 'symlink' else '160000'))
        files[p] = {'url': client.raw_file_url(target['commit'], p), 'size': size, 'sha1': sha, 'sha256': None, 'sha': sha}
    return (target['ref'], files, None)


def check_for_update(cfg):
    # Counted at every boot that gets here, even one another gate defers: "in a row" means boots.
    crashed = _schedule().crash_deferral(cfg) if cfg['max_crashes_before_delay'] is not None else None
    d = deferral(cfg)
    if d is None and crashed is not None:
        d = _schedule().record(cfg, crashed)
    if d is None and cfg['update_window_start_hour'] is not None:
        d = _schedule().window_deferral_recorded(cfg)
    if d is None:
        # The veto: read here (core's readJson: one stat, one read) so schedule.py loads only when there is one.
        veto = R.read_json(VETO)
        if veto[0] != 'missing':
            d = _schedule().veto_deferral(cfg, veto)
    if d is None:
        d = interval_deferral(cfg)
    if d is None:
        d = backoff_deferral(cfg)
    if d is not None:
        return d
    led(cfg, 'checking')
    phase = 'check'
    try:
        client = Client(cfg)
        installed = R.read_version()[0]
        kind, got, lookup = lookup_target(cfg, client, installed)
        if kind == 'unchanged':
            # A 304: GitHub's answer is the one recorded (got), whose commit is installed or was rejected (lookup).
            R.log('not modified: ' + got['commit'][:7])
            _note_check(cfg, got)
            if lookup == 'rejected':
                return _rejected(got['commit'])
            return {'kind': 'up-to-date', 'version': {'ref': installed['ref'], 'commit': installed['commit']}}
        target = got
        R.log('target %s, installed %s' % (R.format_version(target), R.format_version(installed)))
        if not cfg['force'] and installed is not None and target['commit'] in (installed.get('rejected') or []):
            _note_check(cfg, lookup)
            return _rejected(target['commit'])
        if not cfg['force'] and installed is not None and installed['commit'] == target['commit']:
            _note_check(cfg, lookup)
            return {'kind': 'up-to-date', 'version': {'ref': installed['ref'], 'commit': installed['commit']}}
        # Canary: only the latest release is rolled out by percent (core/update/check-for-update.ts).
        body = target['release'].get('body') if target['mode'] == 'release' and target['release'] is not None else None
        if target['mode'] == 'release' and target['release'] is not None and (cfg['rollout_percent'] is not None or (body and 'ollout' in body.lower())):
            W = _schedule()
            wait = W.rollout_deferral(target['ref'], body, cfg['rollout_percent'], W.board_bucket)
            if wait is not None:
                _note_check(cfg, lookup)
                return W.record(cfg, wait)
        ref, files, counter = target_source(client, target, cfg)
        # Anti-rollback (rollback.py, SPEC 12.5); ota_state.json is read only for a signed counter.
        from otalab.rollback import refusal
        refused = refusal(installed['ref'] if installed is not None else None, ref,
                          R.read_state().get('counter') if counter is not None else None, counter, cfg['allow_downgrade'])
        if refused is not None:
            raise refused
        gc.collect()
        plan = P.plan_update(dict([(p, (f['sha'], f['size'])) for p, f in files.items()]), installed, managed_by(cfg), cfg['chunk'])
        phase = 'download'
        low = S.stage_all(client, plan, files, cfg, installed)
        if low is not None:
            # Recorded first (the user sees why), then the stage goes (core check-for-update.ts).
            stopped = _schedule().record(cfg, low)
            try:
                R.rmtree(cfg['stage_dir'])
            except OSError as x:
                R.log('stage cleanup failed: ' + R.errno_name(x))
            return stopped
        del files
        gc.collect()
        check_boot_hook(plan, cfg['stage_dir'])
        phase = 'commit'
        to = {'ref': ref, 'commit': target['commit']}
        led_hold(cfg, True)
        kind, res, counts = C.commit_update(plan, to, installed, cfg)
        # The lookup is recorded by the next (idle) check: no extra write between commit and reset.
        # A signed manifest's counter rides in that same write.
        _note_check(cfg, _KEEP, counter)
        led_hold(cfg, False)
        led(cfg, 'success')
        frm = None if installed is None else {'ref': installed['ref'], 'commit': installed['commit']}
        counts = counts or {'add': 0, 'replace': 0, 'delete': 0}
        return {'kind': 'updated', 'from': frm, 'to': to, 'added': counts['add'], 'replaced': counts['replace'],
                'deleted': counts['delete'], 'unchanged': len(plan['unchanged'])}
    except OtaError as e:
        return _failed(cfg, phase, e)
    except OSError as e:
        # A flash error outside the commit protocol: recorded, the board keeps running.
        name = R.errno_name(e)
        return _failed(cfg, phase, OtaError('NO_SPACE' if name == 'ENOSPC' else 'FLASH', 'Failed to update: flash error %s' % name))
    except Exception as e:
        msg = 'Failed to update: %s: %s' % (type(e).__name__, e)
        gc.collect()
        R.record_error({'phase': phase, 'code': 'INTERNAL', 'message': msg}, cfg['error_history_limit'], cfg['token'])
        led_hold(cfg, False)
        led(cfg, 'error')
        return {'kind': 'failed', 'code': 'INTERNAL', 'message': msg}


def _failed(cfg, phase, e):
    # The record first, then the rate-limit state: a cut between costs one request, never a record.
    reset_at = None
    if e.code == 'RATE_LIMITED':
        now = R.now_ms()
        # Capped: a reset header far ahead must not block updates for good.
        reset_at = min(e.reset_at if e.reset_at is not None else now + 60000, now + R.RATE_LIMIT_MAX_WAIT_MS)
    if not e.recorded:
        rec = {'phase': phase, 'code': e.code, 'message': e.message}
        if reset_at is not None:
            rec['retry_at'] = reset_at // 1000
        R.record_error(rec, cfg['error_history_limit'], cfg['token'])
    # A polling board also backs off (core check-backoff.ts afterFailure), in the same write.
    st = R.read_state()
    backoff = cfg['min_update_interval_sec'] > 0
    if reset_at is not None or backoff:
        if reset_at is not None:
            st['rate_limited_until'] = reset_at
        if backoff:
            st['failures'] = st['failures'] + 1
            now = R.now_ms()
            at = now + jitter_ms(board_id(), st['failures'], backoff_cap_ms(cfg, st['failures']))
            ra = getattr(e, 'retry_after', None)
            asked = 0 if ra is None else now + min(max(0, int(ra)), R.RATE_LIMIT_MAX_WAIT_MS)
            st['next_check_at'] = max(at, reset_at or 0, asked)
        _write_state_quietly(st)
    # After a failed commit the stage goes too, unless a journal (or its temporary) may still need it.
    if phase == 'download' or (phase == 'commit' and not R.exists(R.JOURNAL) and not R.exists(R.JOURNAL + '.tmp')):
        try:
            R.rmtree(cfg['stage_dir'])
        except OSError as x:
            R.log('stage cleanup failed: ' + R.errno_name(x))
    led_hold(cfg, False)
    led(cfg, 'error')
    return {'kind': 'failed', 'code': e.code, 'message': e.message}


_KEEP = object()


def _note_check(cfg, lookup=_KEEP, counter=None):
    # core conditional-lookup.ts noteCheck: the wait is over, last_check is now (kept only when an
    # interval uses it), lookup replaces the stored one when given; written only when bytes change.
    st = R.read_state()
    nxt = {'rate_limited_until': None,
           'last_check': R.now_ms() if cfg['min_update_interval_sec'] > 0 else st['last_check'],
           'lookup': st['lookup'] if lookup is _KEEP else lookup, 'failures': 0, 'next_check_at': None,
           # Crash counts are boots in a row (schedule.py), not checks: a completed check keeps them.
           'crashes': st.get('crashes', 0), 'crash_skip': st.get('crash_skip', 0)}
    if counter is not None or st.get('counter') is not None:
        # The anti-rollback counter only rises (SPEC 12.5).
        nxt['counter'] = max(counter or 0, st.get('counter') or 0)
    if R.state_bytes(nxt) != R.state_bytes(st):
        _write_state_quietly(nxt)


def _rejected(commit):
    return {'kind': 'deferred', 'reason': '%s failed its trial before; waiting for a newer commit' % commit}


def describe(o):
    # core/boot.ts describeOutcome, the same words.
    k = o['kind']
    if k == 'updated':
        frm = (o['from'] or {}).get('commit')
        return 'updated %s -> %s (+%d ~%d -%d =%d)' % (frm[:7] if frm is not None else '(none)', o['to']['commit'][:7],
                                                      o['added'], o['replaced'], o['deleted'], o['unchanged'])
    if k == 'up-to-date':
        return 'up-to-date ' + o['version']['commit'][:7]
    if k == 'deferred':
        return 'deferred: ' + o['reason']
    return 'failed %s: %s' % (o['code'], o['message'])
