# ota_config.json -> a validated config dict: the keys, defaults and checks of core/config/
# (messages shorter). Every problem is collected, then one CONFIG_INVALID names them all; a
# secret's value never appears in a message. Only JSON is read on the board.
import json
from otalab_recover import OtaError, check_repo_path, loads, read_bytes, stat

FILE = 'ota_config.json'
WATCHDOG_MAX_MS = 8388
DEFAULTS = {
    'channel': 'stable', 'branch': 'main', 'tag': None, 'token': None, 'user_agent': 'ota-updater',
    'api_base': 'https://api.github.com', 'raw_base': 'https://raw.githubusercontent.com',
    'manifest_key': None, 'force': False, 'debug': False, 'reset_mode': 'hard',
    'allow': [], 'ignore': [], 'stage_dir': '.ota_stage', 'backup_dir': '.ota_backup', 'chunk': 1024,
    'ssid': None, 'password': None, 'retries': 5, 'backoff_sec': 3, 'max_backoff_sec': 60,
    'http_retries': 3, 'connect_timeout_sec': None, 'http_timeout_sec': 10,
    'max_tree_size_kb': None, 'max_tree_files': None, 'min_free_mem': 0, 'min_free_storage': 0,
    'min_battery_percent': None, 'watchdog_timeout_ms': None, 'trial_boots': 3, 'error_history_limit': 10,
    'update_window_start_hour': None, 'update_window_end_hour': None, 'update_window_unknown_clock': 'defer',
    'rollout_percent': None, 'max_crashes_before_delay': None,
    'min_update_interval_sec': 0, 'status_led': False,
    'trusted_keys': {}, 'allow_downgrade': False,
}
SECRETS = ('token', 'password', 'manifest_key')
_NAME_CHARS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-'


def _num(v):
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def _got(key, v):
    if key in SECRETS:
        return 'a ' + type(v).__name__
    return json.dumps(v) if isinstance(v, (str, int, float, bool)) or v is None else 'a ' + type(v).__name__


def _has_space(s, spaces):
    for c in s:
        o = ord(c)
        if o < 0x20 or o == 0x7f or (spaces and c in ' \t\n\r\x0b\x0c\xa0'):
            return True
    return False


class _Reader:
    def __init__(self, raw):
        self.raw = raw
        self.problems = []

    def get(self, k):
        v = self.raw.get(k)
        return v

    def fail(self, k, msg):
        self.problems.append((k, msg))

    def ok(self, *keys):
        return not [p for p in self.problems if p[0] in keys]

    def name(self, k):
        v = self.get(k)
        if v is None or (isinstance(v, str) and not v.strip()):
            self.fail(k, '"%s" is required' % k)
            return ''
        if not isinstance(v, str):
            self.fail(k, '"%s" must be a string (got %s)' % (k, _got(k, v)))
            return ''
        v = v.strip()
        if v.upper() in ('YOUR_GITHUB_USERNAME', 'YOUR_REPO_NAME'):
            self.fail(k, '"%s" is still the placeholder "%s"' % (k, v))
        elif '/' in v:
            self.fail(k, '"%s" must not contain "/"' % k)
        elif v in ('.', '..') or [c for c in v if c not in _NAME_CHARS]:
            self.fail(k, '"%s" may contain only letters, digits, "-", "_" and "."' % k)
        return v

    def boolean(self, k):
        v = self.get(k)
        if v is None:
            return DEFAULTS[k]
        if isinstance(v, bool):
            return v
        self.fail(k, '"%s" must be true or false (got %s)' % (k, _got(k, v)))
        return DEFAULTS[k]

    def choice(self, k, choices):
        v = self.get(k)
        if v is None:
            return DEFAULTS[k]
        if isinstance(v, str) and v in choices:
            return v
        self.fail(k, '"%s" must be one of %s (got %s)' % (k, ', '.join(choices), _got(k, v)))
        return DEFAULTS[k]

    def string(self, k, empty_null=False, spaces=False, trim=False, max_bytes=None):
        v = self.get(k)
        if v is None:
            return DEFAULTS[k]
        if not isinstance(v, str):
            self.fail(k, '"%s" must be a string (got %s)' % (k, _got(k, v)))
            return DEFAULTS[k]
        s = v.strip() if trim else v
        if s == '':
            if not empty_null:
                self.fail(k, '"%s" must not be empty' % k)
            return DEFAULTS[k]
        if _has_space(s, spaces):
            self.fail(k, '"%s" must not contain %s' % (k, 'spaces or control characters' if spaces else 'control characters'))
            return DEFAULTS[k]
        if max_bytes is not None and len(s.encode()) > max_bytes:
            self.fail(k, '"%s" must be at most %d bytes long' % (k, max_bytes))
            return DEFAULTS[k]
        return s

    def integer(self, k, lo=None, hi=None, int_string=False):
        v = self.get(k)
        if v is None:
            return DEFAULTS[k]
        n = None
        if _num(v) and v == int(v):
            n = int(v)
        elif isinstance(v, str) and int_string:
            try:
                n = int(v.strip())
            except ValueError:
                n = None
        if n is None:
            self.fail(k, '"%s" must be an integer (got %s)' % (k, _got(k, v)))
            return DEFAULTS[k]
        if (lo is not None and n < lo) or (hi is not None and n > hi) or abs(n) > 9007199254740991:
            self.fail(k, '"%s" must be %s (got %s)' % (k, _range(lo, hi), _got(k, v)))
            return DEFAULTS[k]
        return n

    def number(self, k, positive=False, lo=None, hi=None):
        v = self.get(k)
        if v is None:
            return DEFAULTS[k]
        if not _num(v) or v != v or v in (float('inf'), float('-inf')):
            self.fail(k, '"%s" must be a number (got %s)' % (k, _got(k, v)))
            return DEFAULTS[k]
        if (positive and v <= 0) or (lo is not None and v < lo) or (hi is not None and v > hi):
            self.fail(k, '"%s" must be %s (got %s)' % (k, 'positive' if positive else _range(lo, hi), _got(k, v)))
            return DEFAULTS[k]
        return v


def _range(lo, hi):
    if lo is not None and hi is not None:
        return 'from %d to %d' % (lo, hi)
    return ('at least %d' % lo) if lo is not None else ('at most %d' % hi)


def _url(r, k):
    s = r.string(k, spaces=True, trim=True)
    if s == DEFAULTS[k]:
        return s
    low = s.lower()
    rest = s[8:] if low.startswith('https://') else s[7:] if low.startswith('http://') else None
    if rest is None or rest.strip('/') == '':
        r.fail(k, '"%s" must be an absolute http:// or https:// URL' % k)
    elif '@' in rest.split('/')[0]:
        r.fail(k, '"%s" must not contain a user name or password' % k)
    elif '?' in s or '#' in s:
        r.fail(k, '"%s" must not have a query or fragment' % k)
    return s.rstrip('/')


def _rules(r, k):
    v = r.get(k)
    if v is None:
        return []
    if not isinstance(v, list):
        r.fail(k, '"%s" must be a list of paths (got %s)' % (k, _got(k, v)))
        return []
    out = []
    for i, e in enumerate(v):
        if not isinstance(e, str):
            r.fail(k, '"%s" entry %d must be a path string' % (k, i + 1))
            continue
        rule = e.strip('/')
        if rule == '':
            continue
        why = check_repo_path(rule)
        if why is not None:
            r.fail(k, '"%s" entry %s %s' % (k, json.dumps(e), why))
            continue
        out.append(rule)
    return out


UPDATER_DIR_PREFIX = '.ota'


def _dir(r, k):
    # core/config/read-layout.ts readDir: the updater deletes everything inside these directories,
    # so they must be its own (core/paths/updater-dir.ts): a top-level name starting with ".ota".
    raw = r.string(k)
    d = raw.strip('/')
    why = check_repo_path(d) if d else None
    if why is not None:
        r.fail(k, '"%s" %s' % (k, why))
        return DEFAULTS[k]
    if not d:
        why = 'is the device root'
    elif not d.split('/')[0].lower().startswith(UPDATER_DIR_PREFIX):
        why = 'is not a dedicated updater directory (its top-level name must start with "%s")' % UPDATER_DIR_PREFIX
    if why is not None:
        r.fail(k, '"%s" %s (got %s); the updater deletes everything inside it, so it must never hold your files: set it to e.g. "%s" or remove it'
               % (k, why, json.dumps(raw), DEFAULTS[k]))
        return DEFAULTS[k]
    return d


def _fit_timeouts(r, c):
    # Every blocking wait must end before the watchdog bites (core read-device.ts).
    wd = c['watchdog_timeout_ms']
    if wd is None or not r.ok('watchdog_timeout_ms'):
        return
    whole = -(-wd // 1000) - 1
    fit = whole if whole >= 1 else (wd // 2) / 1000
    if r.get('http_timeout_sec') is None:
        c['http_timeout_sec'] = min(c['http_timeout_sec'], fit)
    for k in ('connect_timeout_sec', 'http_timeout_sec'):
        s = c[k]
        if s is None or not r.ok(k) or s * 1000 < wd:
            continue
        r.fail(k, '"%s" (%s s) must be shorter than "watchdog_timeout_ms" (%d ms); set it to %s or less' % (k, s, wd, fit))


def _trusted_keys(r, k):
    # core/config/read-signing.ts: id -> raw 32-byte key; each id must be its key's own.
    v = r.get(k)
    if v is None:
        return {}
    if not isinstance(v, dict):
        r.fail(k, '"%s" must be a mapping {"<key id>": "<public key>"} as `npx otalab keygen` prints it (got %s)' % (k, _got(k, v)))
        return {}
    import binascii
    import hashlib
    out = {}
    for kid, text in v.items():
        raw = None
        if isinstance(text, str):
            t = text.strip()
            try:
                if len(t) == 64 and not [c for c in t if c not in '0123456789abcdefABCDEF']:
                    raw = binascii.unhexlify(t)
                elif len(t) == 44 and t.endswith('=') and not [c for c in t[:43] if c not in _B64]:
                    raw = binascii.a2b_base64(t)
            except Exception:
                raw = None
        if raw is None or len(raw) != 32:
            r.fail(k, '"%s" entry %s is not an Ed25519 public key (64 hex digits or 44 base64 characters); paste the line `npx otalab keygen` printed' % (k, json.dumps(kid)))
            continue
        own = ''.join(['%02x' % b for b in hashlib.sha256(raw).digest()[:8]])
        if kid != own:
            r.fail(k, '"%s" entry %s: that key\'s id is %s; use "%s" as its name' % (k, json.dumps(kid), own, own))
            continue
        out[kid] = bytes(raw)
    return out


_B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'


def validate(raw, file=FILE):
    if not isinstance(raw, dict):
        raise OtaError('CONFIG_INVALID', '%s: must hold a mapping of settings such as {"owner": "<github user>", "repo": "<repository>"}' % file)
    r = _Reader(raw)
    c = {'owner': r.name('owner'), 'repo': r.name('repo'), 'channel': r.choice('channel', ('stable', 'developer')),
         'branch': r.string('branch', spaces=True), 'tag': r.string('tag', empty_null=True, spaces=True),
         'token': r.string('token', empty_null=True, spaces=True, trim=True), 'user_agent': r.string('user_agent'),
         'api_base': _url(r, 'api_base'), 'raw_base': _url(r, 'raw_base'),
         'manifest_key': r.string('manifest_key', empty_null=True), 'force': r.boolean('force'),
         'debug': r.boolean('debug'), 'reset_mode': r.choice('reset_mode', ('hard', 'soft', 'none')),
         'allow': _rules(r, 'allow'), 'ignore': _rules(r, 'ignore'), 'stage_dir': _dir(r, 'stage_dir'),
         'backup_dir': _dir(r, 'backup_dir'), 'chunk': r.integer('chunk', 64, 65536, True),
         'ssid': r.string('ssid', empty_null=True, max_bytes=32), 'password': r.string('password', empty_null=True),
         'retries': r.integer('retries', 1, None, True), 'backoff_sec': r.integer('backoff_sec', 0, None, True),
         'max_backoff_sec': r.integer('max_backoff_sec', 0, None, True),
         'http_retries': r.integer('http_retries', 1, None, True),
         'connect_timeout_sec': r.number('connect_timeout_sec', positive=True),
         'http_timeout_sec': r.number('http_timeout_sec', positive=True),
         'max_tree_size_kb': r.integer('max_tree_size_kb', 1), 'max_tree_files': r.integer('max_tree_files', 1),
         'min_free_mem': r.integer('min_free_mem', 0, None, True),
         'min_free_storage': r.integer('min_free_storage', 0, None, True),
         'min_battery_percent': r.number('min_battery_percent', lo=0, hi=100),
         'watchdog_timeout_ms': r.integer('watchdog_timeout_ms', 1, WATCHDOG_MAX_MS),
         'trial_boots': r.integer('trial_boots', 1, 20), 'error_history_limit': r.integer('error_history_limit', 1, 1000, True),
         'update_window_start_hour': r.integer('update_window_start_hour', 0, 23),
         'update_window_end_hour': r.integer('update_window_end_hour', 0, 23),
         'update_window_unknown_clock': r.choice('update_window_unknown_clock', ('defer', 'allow')),
         'rollout_percent': r.integer('rollout_percent', 0, 100),
         'max_crashes_before_delay': r.integer('max_crashes_before_delay', 1, 100),
         # core/config/read-polling.ts: at most a week (a longer one is more likely ms for s).
         'min_update_interval_sec': r.integer('min_update_interval_sec', 0, 604800, True),
         'status_led': r.boolean('status_led'),
         'trusted_keys': _trusted_keys(r, 'trusted_keys'), 'allow_downgrade': r.boolean('allow_downgrade')}
    ws, we = c['update_window_start_hour'], c['update_window_end_hour']
    if r.ok('update_window_start_hour', 'update_window_end_hour') and (ws is None) != (we is None):
        have, miss = ('update_window_end_hour', 'update_window_start_hour') if ws is None else ('update_window_start_hour', 'update_window_end_hour')
        r.fail(miss, '"%s" is set but "%s" is not; set both, or remove both to update at any hour' % (have, miss))
    if r.ok('stage_dir', 'backup_dir'):
        s, b = c['stage_dir'].lower(), c['backup_dir'].lower()
        if s == b:
            r.fail('backup_dir', '"stage_dir" and "backup_dir" must be different directories')
        elif b.startswith(s + '/') or s.startswith(b + '/'):
            r.fail('backup_dir', '"stage_dir" and "backup_dir" must not be inside one another')
    if r.ok('backoff_sec', 'max_backoff_sec') and c['max_backoff_sec'] < c['backoff_sec']:
        r.fail('max_backoff_sec', '"max_backoff_sec" must not be below "backoff_sec"')
    _fit_timeouts(r, c)
    if r.problems:
        raise OtaError('CONFIG_INVALID', '\n'.join(['%s: %s' % (file, p[1]) for p in r.problems]))
    return c


def warnings(raw):
    # Unknown keys are never an error (a config for another updater version must still boot).
    return ['unknown key "%s" is ignored' % k for k in raw if k not in DEFAULTS and k not in ('owner', 'repo') and not k.startswith('_')]


def load():
    st = stat(FILE)
    if st is None or st[0]:
        raise OtaError('CONFIG_INVALID', '%s: no configuration file at the device root; create %s with at least {"owner": "<github user>", "repo": "<repository>"}' % (FILE, FILE))
    try:
        text = str(read_bytes(FILE), 'utf-8')
    except OSError:
        raise OtaError('CONFIG_INVALID', FILE + ': could not be read')
    except Exception:
        raise OtaError('CONFIG_INVALID', FILE + ': is not valid UTF-8 text')
    if text.startswith('\ufeff'):
        text = text[1:]
    try:
        raw = loads(text)
    except Exception:
        raise OtaError('CONFIG_INVALID', FILE + ': is not valid JSON; fix the file and try again')
    return validate(raw), warnings(raw if isinstance(raw, dict) else {})
