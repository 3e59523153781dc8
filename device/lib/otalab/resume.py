# Resumable downloads (core/stage/resumable-download.ts and resume-record.ts, SPEC §13), op for
# op: a file of RESUME_MIN_BYTES or more streams into closed segments in .ota_resume/ beside a
# record (path, size, digests, the server's strong ETag); a later attempt asks for the rest with
# Range + If-Range. Only a 206 with exactly `bytes N-(size-1)/size` is appended; a 200 restarts;
# another 206 is refused and the file fetched whole. The segments are then read back through the
# hashes (MicroPython's hashlib cannot save its state) into <stage>/<path>.part and verified.
import os
import hashlib
import otalab_recover as R
from otalab_recover import OtaError
from otalab.http import NetError
from otalab.paths import RESUME_DIR

RESUME_FORMAT = 1
RESUME_MIN_BYTES = 16384
SEGMENT_BYTES = 16384
RECORD = RESUME_DIR + '/resume.json'


def seg_path(n):
    return '%s/%d.seg' % (RESUME_DIR, n)


def is_strong(etag):
    if etag is None:
        return False
    t = etag.strip()
    return len(t) >= 2 and t[0] == '"' and t[-1] == '"' and '"' not in t[1:-1]


def drop():
    R.rmtree(RESUME_DIR)


def held_bytes():
    # Flash the kept partial holds, in whole 4 KiB blocks: counted as free (core resumeHeldBytes).
    st = R.stat(RESUME_DIR)
    if st is None or not st[0]:
        return 0
    held = 0
    for name in sorted(R.listdir(RESUME_DIR)):
        s = R.stat(RESUME_DIR + '/' + name)
        if s is not None and not s[0]:
            held += -(-s[1] // 4096) * 4096
    return held


def find_point(want):
    # (record, offset, segments) to go on from, or None; anything else there is removed.
    if R.stat(RESUME_DIR) is None:
        return None
    kind, v = R.read_json(RECORD)
    same = (kind == 'ok' and isinstance(v, dict) and v.get('format') == RESUME_FORMAT and v.get('path') == want['path']
            and v.get('size') == want['size'] and v.get('sha1') == want['sha1'] and v.get('sha256') == want['sha256']
            and isinstance(v.get('etag'), str) and is_strong(v.get('etag')))
    offset = 0
    n = 0
    if same:
        while True:
            st = R.stat(seg_path(n))
            if st is None or st[0] or st[1] == 0:
                break
            offset += st[1]
            n += 1
    if not same or offset == 0 or offset >= want['size']:
        drop()
        return None
    return (v['etag'], offset, n)


def _bad_partial(res, offset, size):
    got = (res.header('content-range') or '').strip()
    want = 'bytes %d-%d/%d' % (offset, size - 1, size)
    return None if got == want else 'Content-Range %s, asked for %s' % (R.quote(got), want)


def _check_length(res, path, size, offset):
    enc = (res.header('content-encoding') or '').strip().lower()
    cl = res.header('content-length')
    if enc in ('', 'identity') and cl is not None and cl.strip().isdigit() and int(cl.strip()) != size - offset:
        raise OtaError('SIZE_MISMATCH', 'size mismatch for %s: the server sends %s bytes, expected %d' % (path, cl.strip(), size - offset))


def download(client, path, f, staged, part, buf, plain, errs=(10, None)):
    # plain(res): the non-resumable download, for a server without a strong ETag.
    want = {'path': path, 'size': f['size'], 'sha1': f.get('sha1') or None, 'sha256': f.get('sha256') or None}
    point = find_point(want)
    offset = 0
    n = 0
    etag = None
    if point is not None:
        res = client.download(f['url'], path, [('Range', 'bytes=%d-' % point[1]), ('If-Range', point[0])])
        if res.status == 206:
            why = _bad_partial(res, point[1], f['size'])
            if why is None:
                etag, offset, n = point
                R.log('stage resume %s at %d' % (path, offset))
            else:
                res.close()
                R.log('stage resume refused for %s: %s' % (path, why))
                drop()
                res = client.download(f['url'], path)
        else:
            R.log('stage resume restart for %s (HTTP %d)' % (path, res.status))
            drop()
    else:
        res = client.download(f['url'], path)
    try:
        if res.status == 206 and etag is None:
            raise OtaError('BAD_RESPONSE', 'HTTP 206 for %s to a request without Range; the next attempt asks again' % path)
        if etag is None:
            tag = res.header('etag')
            _check_length(res, path, f['size'], 0)
            if not is_strong(tag):
                return plain(res)
            R.mkdirs(RESUME_DIR)
            rec = {'etag': tag.strip(), 'format': RESUME_FORMAT, 'path': path, 'sha1': want['sha1'], 'sha256': want['sha256'], 'size': f['size']}
            R.write_atomic(RECORD, R.dumps(rec).encode())
        else:
            _check_length(res, path, f['size'], offset)
        n = _stream(res, path, f['size'], offset, n, buf)
    finally:
        res.close()
    return _assemble(client, path, f, staged, part, buf, n, offset > 0, plain, errs)


def _stream(res, path, size, offset, n, buf):
    mv = memoryview(buf)
    cap = len(buf)
    total = offset
    w = None
    inseg = 0
    eof = False
    try:
        while not eof:
            got = 0
            while got < cap:
                try:
                    k = res.readinto(mv[got:])
                except NetError as e:
                    if got:
                        if w is None:
                            w = open(seg_path(n), 'wb')
                        w.write(mv[:got])
                        inseg += got
                        total += got
                    if w is not None:
                        x, w = w, None
                        x.close()
                    raise OtaError('NETWORK', 'connection dropped after %d of %d bytes of %s: %s' % (total, size, path, e))
                if not k:
                    eof = True
                    break
                got += k
                if total + got > size:
                    raise OtaError('SIZE_MISMATCH', 'size mismatch for %s: more than the expected %d bytes' % (path, size))
            if got:
                if w is None:
                    w = open(seg_path(n), 'wb')
                w.write(mv[:got])
                inseg += got
                total += got
                R.feed()
                if inseg >= SEGMENT_BYTES:
                    x, w = w, None
                    x.close()
                    n += 1
                    inseg = 0
        if w is not None:
            x, w = w, None
            x.close()
            n += 1
    except OtaError as e:
        if e.code == 'NETWORK':
            raise
        _close_quietly(w)
        _quietly(drop)
        raise
    except Exception:
        _close_quietly(w)
        _quietly(drop)
        raise
    if total != size:
        drop()
        raise OtaError('SIZE_MISMATCH', 'size mismatch for %s: got %d bytes, expected %d (connection closed early?)' % (path, total, size))
    return n


def _assemble(client, path, f, staged, part, buf, n, resumed, plain, errs):
    size = f['size']
    blob = hashlib.sha1(('blob %d\x00' % size).encode()) if f.get('sha1') else None
    sha = hashlib.sha256() if f.get('sha256') else None
    mv = memoryview(buf)
    w = None
    try:
        R.mkdirs(R.parent(staged))
        w = open(part, 'wb')
        for i in range(n):
            r = open(seg_path(i), 'rb')
            try:
                while True:
                    k = r.readinto(buf)
                    if not k:
                        break
                    if blob is not None:
                        blob.update(mv[:k])
                    if sha is not None:
                        sha.update(mv[:k])
                    w.write(mv[:k])
                    R.feed()
            finally:
                r.close()
            # Freed as it is copied: the file needs its size plus one segment, not twice its size.
            os.remove(seg_path(i))
        x, w = w, None
        x.close()
    except Exception:
        _close_quietly(w)
        _quietly(lambda: R.remove_if_exists(part))
        raise
    got1 = R.hexd(blob) if blob is not None else None
    got256 = R.hexd(sha) if sha is not None else None
    if (f.get('sha1') and got1 != f['sha1']) or (f.get('sha256') and got256 != f['sha256']):
        os.remove(part)
        drop()
        if resumed:
            # Bytes from two answers that do not make the file: fetch it whole, once.
            R.log('stage resume discarded for %s: the resumed file does not verify' % path)
            R.record_error({'phase': 'download', 'code': 'RESUME_DISCARDED', 'message': 'resumed download of %s did not verify; fetching it whole' % path}, errs[0], token=errs[1])
            return download(client, path, f, staged, part, buf, plain, errs)
        if f.get('sha1') and got1 != f['sha1']:
            raise OtaError('HASH_MISMATCH', 'hash mismatch for %s: expected blob SHA-1 %s, got %s' % (path, f['sha1'], got1))
        raise OtaError('HASH_MISMATCH', 'hash mismatch for %s: expected SHA-256 %s, got %s' % (path, f['sha256'], got256))
    os.rename(part, staged)
    drop()


def _close_quietly(w):
    if w is not None:
        try:
            w.close()
        except Exception:
            pass


def _quietly(fn):
    try:
        fn()
    except Exception:
        pass
