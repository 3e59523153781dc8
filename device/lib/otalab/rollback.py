# Anti-rollback (core/update/anti-rollback.ts, docs/SPEC.md section 12.5): an older tag (when both
# refs read as versions) or a lower signed counter never installs, unless allow_downgrade.
from otalab_recover import OtaError

_ADVICE = 'set "allow_downgrade": true in ota_config.json to install it anyway'


def _num(s):
    if not s or [c for c in s if c not in '0123456789'] or (len(s) > 1 and s[0] == '0'):
        return None
    return int(s)


def _ident_ok(s):
    return s != '' and not [c for c in s if not (c.isalpha() or c.isdigit() or c == '-') or ord(c) > 127]


def parse_semver(ref):
    # ([major, minor, patch], [pre...]) or None: `v1.2.3`, `1.2`, `v2.0.0-rc.1+build`.
    s = ref[1:] if ref[:1] in ('v', 'V') else ref
    plus = s.find('+')
    if plus >= 0:
        build = s[plus + 1:]
        if not build or [c for c in build if not (c.isalpha() or c.isdigit() or c in '.-') or ord(c) > 127]:
            return None
        s = s[:plus]
    dash = s.find('-')
    pre = []
    if dash >= 0:
        pre = s[dash + 1:].split('.')
        if [p for p in pre if not _ident_ok(p)]:
            return None
        s = s[:dash]
    parts = s.split('.')
    if not 1 <= len(parts) <= 3:
        return None
    nums = [_num(p) for p in parts]
    if None in nums or [n for n in nums if n > 9007199254740991]:
        return None
    while len(nums) < 3:
        nums.append(0)
    return (nums, pre)


def compare(a, b):
    for x, y in zip(a[0], b[0]):
        if x != y:
            return -1 if x < y else 1
    pa, pb = a[1], b[1]
    if not pa or not pb:
        return 0 if len(pa) == len(pb) else (1 if not pa else -1)
    for x, y in zip(pa, pb):
        if x == y:
            continue
        xn, yn = _num(x) is not None or x.isdigit(), _num(y) is not None or y.isdigit()
        if xn and yn:
            return -1 if int(x) < int(y) else 1
        if xn != yn:
            return -1 if xn else 1
        return -1 if x < y else 1
    return 0 if len(pa) == len(pb) else (-1 if len(pa) < len(pb) else 1)


def refusal(installed_ref, target_ref, installed_counter, target_counter, allow):
    if allow:
        return None
    if installed_counter is not None and target_counter is not None and target_counter < installed_counter:
        return OtaError('ROLLBACK_REFUSED', 'release %s is signed with counter %d, below the installed counter %d: an older release replayed; refusing the downgrade (%s)'
                        % (target_ref, target_counter, installed_counter, _ADVICE))
    a = None if installed_ref is None else parse_semver(installed_ref)
    b = parse_semver(target_ref)
    if a is not None and b is not None and compare(b, a) < 0:
        return OtaError('ROLLBACK_REFUSED', 'release %s is older than the installed %s; refusing the downgrade (%s)' % (target_ref, installed_ref, _ADVICE))
    return None
