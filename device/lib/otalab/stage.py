# Staging (core/update/stage-all.ts, core/stage/download-to-stage.ts): each changed file streams
# into <stage>/<path>.part through ONE preallocated buffer of `chunk` bytes, hashed on the fly
# (git blob SHA-1 and/or SHA-256), and is renamed to <stage>/<path> only once size and digests
# match. A body that dies midway or arrives corrupted is fetched again (http_retries in all).
import os
import gc
import hashlib
import otalab_recover as R
from otalab_recover import OtaError
from otalab.http import NetError
from otalab.transport import backoff_ms, sleep_fed
from otalab import resume

BLOCK = 4096
EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'
RETRYABLE = ('NETWORK', 'HASH_MISMATCH', 'SIZE_MISMATCH')


DIR_BLOCKS = 2
JOURNAL_BASE = 2048
VERSION_BASE = 512
PART = '.part'
NAME_MAX = 255


def _blocks(n):
    return -(-n // BLOCK)


def _esc(p):
    return 3 * len(p.encode()) + 2


def need_bytes(plan, installed, cfg):
    # core/update/space-need.ts, number for number: staged files, every directory the update may
    # create (stage, backup, live), copies of the recovery files, and the journal and version.json
    # with their temporaries through a commit and a rollback, and one more error record.
    blocks = sum([_blocks(o['size']) + 1 for o in plan['download']])
    created = []

    def add_parents(path):
        d = R.parent(path)
        while d and d not in created:
            if R.stat(d) is not None:
                break
            created.append(d)
            d = R.parent(d)
    for op in plan['ops']:
        if op['op'] != 'delete':
            add_parents(R.join(cfg['stage_dir'], op['path']))
        if op['op'] != 'add':
            add_parents(R.join(cfg['backup_dir'], op['path']))
        if op['op'] != 'delete':
            add_parents(op['path'])
        if op['op'] == 'replace' and op['path'] in R.RECOVERY_PATHS:
            st = R.stat(op['path'])
            blocks += _blocks(st[1] if st is not None else 0) + 1
    # The old version.json is kept in the backup dir through the trial (SPEC 5.1 step 5).
    if plan['ops']:
        add_parents(R.join(cfg['backup_dir'], 'version.json'))
    blocks += DIR_BLOCKS * len(created)
    journal, version = JOURNAL_BASE, VERSION_BASE
    for op in plan['ops']:
        journal += 2 * _esc(op['path']) + 200
        if op['op'] != 'delete':
            version += _esc(op['path']) + 50
    for p in list(plan['kept']) + list(((installed or {}).get('files') or {})):
        journal += _esc(p) + 50
        version += _esc(p) + 50
    for d in created:
        journal += _esc(d) + 4
    blocks += 2 * _blocks(journal) + 2 * _blocks(version)
    st = R.stat(R.ERRORS)
    blocks += _blocks((st[1] if st is not None and not st[0] else 0) + 1024)
    return blocks * BLOCK + cfg['min_free_storage']


def check_name_limits(plan):
    # core/update/name-limits.ts: <stage>/<path>.part must fit littlefs's 255-byte name limit.
    limit = NAME_MAX - len(PART)
    for o in plan['download']:
        n = len(o['path'].split('/')[-1].encode())
        if n > limit:
            raise OtaError('PATH_REJECTED', 'Failed to plan the update: the name of %s has %d bytes; with its "%s" temporary it exceeds the flash\'s %d-byte name limit (shorten it to at most %d bytes)'
                           % (R.quote(o['path']), n, PART, NAME_MAX, limit))


def free_bytes():
    try:
        s = os.statvfs('.')
        return (s[1] or s[0]) * s[4]
    except (OSError, AttributeError):
        return None


def stage_all(client, plan, source, cfg, installed):
    check_name_limits(plan)
    R.rmtree(cfg['stage_dir'])
    if not plan['download']:
        return None
    free = free_bytes()
    if free is not None:
        free += resume.held_bytes()
    need = need_bytes(plan, installed, cfg)
    if free is not None and free < need:
        raise OtaError('NO_SPACE', 'Not enough flash for the update: %d bytes needed (files, new directories, journal and rollback), %d free; free space or narrow `allow`' % (need, free))
    buf = bytearray(cfg['chunk'])
    first = True
    for item in plan['download']:
        # Between files: a battery that fell below its minimum stops the update (otalab/battery.py).
        if not first and cfg['min_battery_percent'] is not None:
            from otalab.battery import stop
            low = stop(cfg)
            if low is not None:
                return low
        first = False
        f = source.get(item['path'])
        if f is None:
            raise OtaError('INTERNAL', 'Failed to stage %s: not in the target file list' % item['path'])
        attempt = 1
        while True:
            try:
                download_to_stage(client, item['path'], f, cfg['stage_dir'], buf, (cfg['error_history_limit'], cfg['token']))
                break
            except OtaError as e:
                if e.code not in RETRYABLE or attempt >= cfg['http_retries']:
                    raise
                wait = backoff_ms(attempt - 1, cfg['backoff_sec'], cfg['max_backoff_sec'])
                R.log('stage retry %s (attempt %d: %s), waiting %d ms' % (item['path'], attempt, e.code, wait))
                sleep_fed(wait)
                attempt += 1
        if cfg['status_led']:
            from otalab import led
            led.show('downloading')
        gc.collect()
    return None


def download_to_stage(client, path, f, stage_dir, buf, errs=(10, None)):
    # errs: (error_history_limit, token) for a RESUME_DISCARDED record.
    # f: {'url', 'size', 'sha1' or None, 'sha256' or None}.
    why = R.check_repo_path(path)
    if why is not None:
        raise OtaError('PATH_REJECTED', 'refusing to stage "%s": it %s' % (path, why))
    staged = R.join(stage_dir, path)
    part = staged + '.part'
    if f['size'] == 0:
        _verify(path, f, R.EMPTY_BLOB, EMPTY_SHA256)
        _write_verified(path, staged, part, None, buf)
        return
    if f['size'] >= resume.RESUME_MIN_BYTES:
        # Large files survive a dropped link or a power cut (otalab/resume.py, SPEC §13).
        try:
            resume.download(client, path, f, staged, part, buf, lambda res: _write_verified(path, staged, part, lambda w: _stream(res, w, path, f, buf), buf), errs)
        except OSError as e:
            if e.args and e.args[0] == 28:
                raise OtaError('NO_SPACE', 'flash full while staging %s; free some space or narrow `allow`' % path)
            raise OtaError('FLASH', 'Failed to write %s: %s while staging %s' % (part, R.errno_name(e), path))
        return
    res = client.download(f['url'], path)
    try:
        enc = (res.header('content-encoding') or '').strip().lower()
        cl = res.header('content-length')
        if enc in ('', 'identity') and cl is not None and cl.strip().isdigit() and int(cl.strip()) != f['size']:
            raise OtaError('SIZE_MISMATCH', 'size mismatch for %s: the server sends %s bytes, expected %d' % (path, cl.strip(), f['size']))
        _write_verified(path, staged, part, lambda w: _stream(res, w, path, f, buf), buf)
    finally:
        res.close()


def _write_verified(path, staged, part, fill, buf):
    w = None
    try:
        R.mkdirs(R.parent(staged))
        w = open(part, 'wb')
        if fill is not None:
            fill(w)
        x, w = w, None
        x.close()
        os.rename(part, staged)
    except Exception as e:
        if w is not None:
            try:
                w.close()
            except Exception:
                pass
        try:
            R.remove_if_exists(part)
        except Exception:
            pass
        if isinstance(e, OSError):
            if e.args and e.args[0] == 28:
                raise OtaError('NO_SPACE', 'flash full while staging %s; free some space or narrow `allow`' % path)
            raise OtaError('FLASH', 'Failed to write %s: %s while staging %s' % (part, R.errno_name(e), path))
        raise


def _stream(res, w, path, f, buf):
    size = f['size']
    blob = hashlib.sha1(('blob %d\x00' % size).encode()) if f.get('sha1') else None
    sha = hashlib.sha256() if f.get('sha256') else None
    mv = memoryview(buf)
    cap = len(buf)
    total = 0
    eof = False
    while not eof:
        # Fill the buffer before writing: flash writes are whole `chunk`s, as in core.
        got = 0
        while got < cap:
            try:
                n = res.readinto(mv[got:])
            except NetError as e:
                if got:
                    # Core writes each piece as it arrives: what came before the drop is written
                    # too, so the op log (and a cut's meaning) is the same on both updaters.
                    w.write(mv[:got])
                raise OtaError('NETWORK', 'connection dropped after %d of %d bytes of %s: %s' % (total + got, size, path, e))
            if not n:
                eof = True
                break
            got += n
            if total + got > size:
                raise OtaError('SIZE_MISMATCH', 'size mismatch for %s: more than the expected %d bytes' % (path, size))
        if got:
            piece = mv[:got]
            if blob is not None:
                blob.update(piece)
            if sha is not None:
                sha.update(piece)
            w.write(piece)
            total += got
            R.feed()
    if total != size:
        raise OtaError('SIZE_MISMATCH', 'size mismatch for %s: got %d bytes, expected %d (connection closed early?)' % (path, total, size))
    _verify(path, f, R.hexd(blob) if blob else None, R.hexd(sha) if sha else None)


def _verify(path, f, blob_sha1, sha256):
    if f.get('sha1') and blob_sha1 != f['sha1']:
        raise OtaError('HASH_MISMATCH', 'hash mismatch for %s: expected blob SHA-1 %s, got %s' % (path, f['sha1'], blob_sha1))
    if f.get('sha256') and sha256 != f['sha256']:
        raise OtaError('HASH_MISMATCH', 'hash mismatch for %s: expected SHA-256 %s, got %s' % (path, f['sha256'], sha256))
