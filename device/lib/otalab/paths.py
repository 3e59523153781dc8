# allow / ignore rules and the updater's reserved names (core/paths/rules.ts, reserved.ts).
# An entry matches a path exactly or as a directory prefix, an empty allow list permits
# everything, ignore wins, and there are no globs.

_STATE = ('version.json', 'ota_error.json', 'ota_journal.json', 'ota_state.json', 'ota_defer.json',
          'ota_config.json', 'ota_config.yaml', 'ota_config.yml', 'ota_config.toml')
RESERVED_FILES = _STATE + tuple([n + '.tmp' for n in _STATE])
# A resumable download's partial and its record (otalab/resume.py, SPEC §13).
RESUME_DIR = '.ota_resume'


def rule_matches(entry, path):
    return path == entry or path.startswith(entry + '/')


def is_permitted(path, allow, ignore):
    for e in ignore:
        if rule_matches(e, path):
            return False
    if not allow:
        return True
    for e in allow:
        if rule_matches(e, path):
            return True
    return False


def is_reserved(path, stage_dir, backup_dir):
    # Reserved root files, the stage/backup dirs, anything inside them, or a dir above them.
    # Compared without case: on FAT 'Version.JSON' is 'version.json'.
    p = path.lower()
    if p in RESERVED_FILES:
        return True
    for raw in (stage_dir, backup_dir, RESUME_DIR):
        d = raw.strip('/').lower()
        if d and (p == d or p.startswith(d + '/') or d.startswith(p + '/')):
            return True
    return False


def managed_by(cfg):
    allow, ignore = cfg['allow'], cfg['ignore']
    stage, backup = cfg['stage_dir'], cfg['backup_dir']
    return lambda p: is_permitted(p, allow, ignore) and not is_reserved(p, stage, backup)
