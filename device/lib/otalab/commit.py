# The first pass of an update once everything is staged (core/commit/commit-update.ts): check
# the plan still holds, write the journal (the commit point), apply, version.json, trial. A flash
# error after the commit point is rolled back at once; a power cut is finished by recovery.
import otalab_recover as R
from otalab_recover import OtaError


def _check_dirs(stage, backup):
    for d in (stage, backup):
        bad = R.check_repo_path(d)
        if bad is not None:
            raise OtaError('CONFIG_INVALID', 'Failed to commit: directory "%s" %s' % (d, bad))
    if stage == backup or stage.startswith(backup + '/') or backup.startswith(stage + '/'):
        raise OtaError('CONFIG_INVALID', 'Failed to commit: stage_dir and backup_dir overlap')


def _check_op(op, stage, chunk):
    live = R.stat(op['path'])

    def stale(what):
        return OtaError('INTERNAL', 'Failed to commit: the plan is stale, %s %s' % (op['path'], what))
    if op['op'] == 'delete':
        if live is None or live[0]:
            raise stale('is no longer a file')
        return op
    if op['op'] == 'add' and live is not None:
        raise stale('now exists')
    if op['op'] == 'replace' and (live is None or live[0]):
        raise stale('is no longer a file')
    staged = R.join(stage, op['path'])
    st = R.stat(staged)
    if st is None or st[0]:
        raise OtaError('INTERNAL', 'Failed to commit: %s is not staged' % op['path'])
    if st[1] != op['size']:
        raise OtaError('SIZE_MISMATCH', 'Failed to commit: staged %s has %d bytes, expected %d' % (op['path'], st[1], op['size']))
    if len(op['sha']) == 40:
        return op
    # Manifest mode names SHA-256; version.json and the journal keep Git blob SHA-1s.
    d = R.hash_file(staged, chunk)
    if d is None or d[2] != op['sha']:
        raise OtaError('HASH_MISMATCH', 'Failed to commit: staged %s does not match its SHA-256' % op['path'])
    o = dict(op)
    o['sha'] = d[1]
    return o


def _backup_mode(op):
    # A replace of a file recovery runs from keeps the live path in place (copy, then rename over).
    if op['op'] != 'replace' or op['path'] not in R.RECOVERY_PATHS:
        return op
    o = dict(op)
    o['backup'] = 'copy'
    return o


def _missing_dirs(ops):
    missing = []
    for op in ops:
        if op['op'] == 'delete':
            continue
        chain = []
        d = R.parent(op['path'])
        while d:
            chain.insert(0, d)
            d = R.parent(d)
        for d in chain:
            if d not in missing and R.stat(d) is None:
                missing.append(d)
    return missing


def _write_journal_or_refuse(j):
    # core's writeJournalOrRefuse: the commit point was never reached; the temporary is removed so
    # the next boot cannot adopt it (if that fails too, the stage it would need is kept).
    try:
        R.write_journal(j)
    except OSError as e:
        name = R.errno_name(e)
        code = 'NO_SPACE' if name == 'ENOSPC' else 'FLASH'
        msg = 'Failed to commit the update to %s: writing %s failed (%s); nothing was changed' % (j['target']['commit'], R.JOURNAL, name)
        # An OSError here propagates: the caller then keeps the stage for the temporary.
        R.remove_if_exists(R.JOURNAL + '.tmp')
        raise OtaError(code, msg)


def commit_update(plan, target, installed, cfg):
    # ('committed', journal, counts) or ('version-only', written).
    if R.read_journal()[0] != 'none':
        raise OtaError('INTERNAL', 'Failed to commit: a transaction is already in progress (recovery must run first)')
    stage, backup = cfg['stage_dir'], cfg['backup_dir']
    _check_dirs(stage, backup)
    rejected = [c for c in ((installed or {}).get('rejected') or []) if c != target['commit']]
    if not plan['ops']:
        written = R.write_version({'ref': target['ref'], 'commit': target['commit'], 'files': plan['kept'], 'rejected': rejected})
        return ('version-only', written, None)
    ops = [_backup_mode(_check_op(op, stage, cfg['chunk'])) for op in plan['ops']]
    files = dict(plan['kept'])
    for op in ops:
        if op['op'] != 'delete':
            files[op['path']] = op['sha']
    # Without a journal nothing in the backup dir is needed; a stale backup would fool the apply rules.
    R.rmtree(backup)
    j = {'phase': 'apply', 'target': {'ref': target['ref'], 'commit': target['commit']},
         'previous': None if installed is None else {'ref': installed['ref'], 'commit': installed['commit']},
         'previous_files': None if installed is None else installed.get('files'), 'target_files': files,
         'rejected': rejected, 'stage_dir': stage, 'backup_dir': backup, 'mkdirs': _missing_dirs(ops), 'ops': ops,
         'boots': 0, 'power_losses': None, 'max_boots': cfg['trial_boots'], 'error_limit': cfg['error_history_limit'],
         'created': R.now_ms(), 'rollback': None}
    _write_journal_or_refuse(j)
    R.log('committed %s: %d ops' % (target['commit'][:7], len(ops)))
    try:
        ok, res = R.roll_forward(j, 'commit')
        if ok:
            counts = dict([(k, len([o for o in ops if o['op'] == k])) for k in ('add', 'replace', 'delete')])
            return ('committed', res, counts)
        failure = res
    except OSError as e:
        failure = {'code': 'FLASH', 'phase': 'commit',
                   'message': 'Failed to apply the update to %s: %s; rolled back' % (target['commit'], R.errno_name(e))}
    try:
        R.roll_back(j, failure)
    except OSError as e:
        raise OtaError('RECOVERY', 'Failed to roll back the update to %s: %s; recovery retries at next boot' % (target['commit'], R.errno_name(e)))
    raise OtaError(failure['code'], failure['message'], recorded=True)
