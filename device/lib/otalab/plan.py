# What an update must do, decided against the files on the board (core/plan.ts): a target file
# whose installed blob SHA already matches is neither downloaded nor rewritten; a managed file
# gone from the target is deleted, but only if the previous version.json `files` lists it.
from otalab_recover import OtaError, check_repo_path, hash_file, stat, parent, feed


def _hash(path, chunk, want_sha256):
    feed()
    d = hash_file(path, chunk, want_sha256)
    feed()
    if d is None:
        raise OtaError('FLASH', 'Failed to hash %s: it vanished while planning' % path)
    return d


def same_content(sha, size, d):
    if d[0] != size:
        return False
    sha = sha.lower()
    if len(sha) == 40:
        return d[1] == sha
    if len(sha) == 64:
        return d[2] == sha
    raise OtaError('BAD_RESPONSE', 'Failed to compare with the target: "%s" is neither a blob SHA-1 nor a SHA-256' % sha)


def plan_update(target, installed, managed, chunk=1024):
    # target: {path: (sha, size)}. Returns {'ops', 'download', 'unchanged', 'kept', 'ignored'}.
    ops, unchanged, ignored, kept = [], [], [], {}
    for path in sorted(target):
        sha, size = target[path]
        bad = check_repo_path(path)
        if bad is not None:
            raise OtaError('PATH_REJECTED', 'Failed to plan the update: path "%s" %s' % (path, bad))
        if not managed(path):
            ignored.append(path)
            continue
        d = parent(path)
        while d:
            st = stat(d)
            if st is not None and not st[0]:
                raise OtaError('PATH_REJECTED', 'Failed to plan the update: %s is a file on the board, the target needs it as a directory for %s' % (d, path))
            d = parent(d)
        st = stat(path)
        if st is not None and st[0]:
            raise OtaError('PATH_REJECTED', 'Failed to plan the update: %s is a directory on the board, the target has a file there' % path)
        if st is None:
            ops.append({'op': 'add', 'path': path, 'sha': sha.lower(), 'size': size})
            continue
        live = _hash(path, chunk, len(sha) == 64)
        if same_content(sha, size, live):
            unchanged.append(path)
            kept[path] = live[1]
        else:
            # Also when not in the previous managed set: its backup protects it until confirmation.
            ops.append({'op': 'replace', 'path': path, 'sha': sha.lower(), 'size': size, 'old_sha': live[1]})
    previous = (installed or {}).get('files') or {}
    for path in sorted(previous):
        if path in target or not managed(path) or check_repo_path(path) is not None:
            continue
        st = stat(path)
        if st is None or st[0]:
            continue
        ops.append({'op': 'delete', 'path': path, 'old_sha': _hash(path, chunk, False)[1]})
    ops.sort(key=lambda o: o['path'])
    download = [o for o in ops if o['op'] != 'delete']
    return {'ops': ops, 'download': download, 'unchanged': unchanged, 'kept': kept, 'ignored': ignored,
            'download_bytes': sum([o['size'] for o in download])}
