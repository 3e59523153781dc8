# The file list of a commit (git/trees/{sha}?recursive=1), all or nothing, with every tree
# object re-hashed from its entries (core/github/tree.ts, tree-hash.ts): a listing altered in
# transit no longer hashes to the root the commit names.
#
# Memory: the body is read whole within a cap (max_tree_size_kb, else DEVICE_TREE_CAP) and
# parsed with json.loads, then reduced at once to compact tuples; see device/README.md.
import gc
import hashlib
import binascii
from otalab_recover import OtaError, check_repo_path, feed, log
from otalab.github import obj, string, sha, count, bad

DEVICE_TREE_CAP = 64 * 1024
SYMLINK = '120000'


def tree_sha(children):
    # children: (name bytes, mode, sha hex, is_tree); Git sorts a directory as if named 'x/'.
    kids = sorted(children, key=lambda c: c[0] + b'/' if c[3] else c[0])
    heads = [('40000' if c[3] else c[1]).encode() + b' ' + c[0] + b'\x00' for c in kids]
    size = sum([len(h) + 20 for h in heads])
    h = hashlib.sha1(('tree %d\x00' % size).encode())
    for i in range(len(kids)):
        h.update(heads[i])
        h.update(binascii.unhexlify(kids[i][2]))
    return str(binascii.hexlify(h.digest()), 'ascii')


def verify_tree_hashes(root_sha, items, what):
    # items: (path, mode, type, sha). Raises BAD_RESPONSE unless every tree hashes as claimed.
    listed = {'': root_sha}
    dirs = {'': []}
    for it in items:
        if it[2] == 'tree':
            listed[it[0]] = it[3]
            dirs[it[0]] = []
    for it in items:
        cut = it[0].rfind('/')
        kids = dirs.get('' if cut < 0 else it[0][:cut])
        if kids is None:
            raise _corrupted(what, it[0] + ' has no parent tree in the listing')
        kids.append((it[0][cut + 1:].encode(), it[1], it[3], it[2] == 'tree'))
    for d, kids in dirs.items():
        got = tree_sha(kids)
        feed()
        if got != listed[d]:
            raise _corrupted(what, 'tree %s hashes to %s, the listing says %s' % (d or '(root)', got, listed[d]))


def _corrupted(what, detail):
    return OtaError('BAD_RESPONSE', 'the file tree of %s does not match its Git hashes (%s); it was altered in transit - the next check fetches it again' % (what, detail))


def fetch_tree(client, commit, cfg):
    # [(path, blob sha, size, kind)]: kind None for a regular file, else 'symlink' or 'submodule'
    # (returned marked: the caller refuses them inside the managed set, core/update/source.ts).
    path = 'git/trees/%s?recursive=1' % commit
    kb = cfg['max_tree_size_kb']
    cap = kb * 1024 if kb is not None else DEVICE_TREE_CAP
    body = obj(client.repo_json(path, 'commit %s not found in %s' % (commit, client.repo), cap, 'TREE_TOO_LARGE'), path, '(body)')
    if body.get('truncated') is True:
        raise OtaError('TREE_TRUNCATED', 'GitHub truncated the file tree of %s (over 100,000 entries or 7 MB); refusing a partial update - publish a manifest.json or trim the repository' % commit[:7])
    tree = body.get('tree')
    if not isinstance(tree, list):
        raise bad(path, 'tree', 'an array')
    root = sha(body, 'sha', path)
    items = []
    for i in range(len(tree)):
        f = 'tree[%d]' % i
        e = obj(tree[i], path, f)
        size = None
        if e.get('type') == 'blob' and e.get('mode') != SYMLINK:
            size = e.get('size')
        items.append((string(e, 'path', path, f + '.path'), string(e, 'mode', path, f + '.mode'),
                      string(e, 'type', path, f + '.type'), sha(e, 'sha', path, f + '.sha'), size, i))
        tree[i] = None
    del body, tree
    gc.collect()
    verify_tree_hashes(root, items, commit[:7])
    blobs = len([1 for it in items if it[2] == 'blob'])
    limit = cfg['max_tree_files']
    if limit is not None and blobs > limit:
        raise OtaError('TREE_TOO_LARGE', 'Tree contains too many files: %d (limit: %d)' % (blobs, limit))
    out = []
    for p, mode, typ, s, size, i in items:
        if typ == 'tree':
            continue
        if typ != 'blob' and typ != 'commit':
            raise OtaError('BAD_RESPONSE', 'unexpected JSON from GitHub (%s): tree[%d].type "%s"' % (path, i, typ))
        why = check_repo_path(p)
        if why is not None:
            raise OtaError('PATH_REJECTED', 'tree entry "%s" %s; refusing the update' % (p, why))
        if typ == 'commit':
            out.append((p, s, 0, 'submodule'))
        elif mode == SYMLINK:
            out.append((p, s, 0, 'symlink'))
        else:
            out.append((p, s, count({'size': size}, 'size', path, 'tree[%d].size' % i), None))
    log('tree %s: %d files' % (commit[:7], len(out)))
    return out
