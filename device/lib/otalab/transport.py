# One GET against GitHub the way core/github/transport.ts does it: our headers, redirects
# followed by us (Authorization never leaves the configured API/raw origins), retries with
# core's backoff for what a retry can fix, rate limits turned into RATE_LIMITED with a reset
# time. Returns only a 2xx Response whose head is read; the body is the caller's.
import time
from otalab_recover import OtaError, feed, log, now_ms
from otalab import http

API_VERSION = '2022-11-28'
MAX_REDIRECTS = 5
SECONDARY_WAIT_MAX_MS = 30000
SECONDARY_DEFER_MIN_MS = 60000
REDIRECTS = (301, 302, 303, 307, 308)
_MONTHS = ('jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec')


def backoff_ms(n, backoff_sec, max_backoff_sec):
    return max(0, min(backoff_sec * 2 ** n, max_backoff_sec)) * 1000


def sleep_fed(ms):
    # Slept in slices of at most one second, the watchdog fed before each and after the last.
    left = max(0, int(-(-ms // 1)))
    while left > 0:
        feed()
        s = min(1000, left)
        time.sleep_ms(s)
        left -= s
    feed()


def _days(y, m, d):
    # Days since 1970-01-01 of a proleptic Gregorian date.
    y -= m <= 2
    era = y // 400
    yoe = y - era * 400
    doy = (153 * (m + (-3 if m > 2 else 9)) + 2) // 5 + d - 1
    return era * 146097 + yoe * 365 + yoe // 4 - yoe // 100 + doy - 719468


def http_date_ms(text):
    # IMF-fixdate ("Sun, 06 Nov 1994 08:49:37 GMT") -> epoch ms; None when unreadable.
    try:
        p = text.replace(',', ' ').split()
        d, mon, y, hms = int(p[1]), _MONTHS.index(p[2].lower()[:3]) + 1, int(p[3]), p[4].split(':')
        secs = _days(y, mon, d) * 86400 + int(hms[0]) * 3600 + int(hms[1]) * 60 + int(hms[2])
        return secs * 1000
    except Exception:
        return None


def _int_header(res, name):
    v = res.header(name)
    if v is None or not v.strip().isdigit():
        return None
    return int(v.strip())


def _skew_ms(res, now):
    d = res.header('date')
    t = None if d is None else http_date_ms(d)
    return 0 if t is None else t - now


def read_rate_limit(res, now):
    remaining = _int_header(res, 'x-ratelimit-remaining')
    if remaining is None:
        return None
    reset = _int_header(res, 'x-ratelimit-reset')
    return {'limit': _int_header(res, 'x-ratelimit-limit'), 'remaining': remaining,
            'reset_at': None if reset is None else reset * 1000 - _skew_ms(res, now)}


def retry_after_ms(res, now):
    raw = res.header('retry-after')
    if raw is None:
        return None
    if raw.strip().isdigit():
        return int(raw.strip()) * 1000
    t = http_date_ms(raw)
    return None if t is None else max(0, t - (now + _skew_ms(res, now)))


def status_error(status, url, repo, has_token, not_found, attempts):
    if status == 401:
        return OtaError('UNAUTHORIZED', 'token rejected: check `token` in ota_config.json, needs read access to ' + repo)
    if status == 404:
        hint = '' if has_token else '; if %s is private, set `token` in ota_config.json' % repo
        return OtaError('NOT_FOUND', (not_found or url + ' not found') + hint)
    tries = ' after %d attempts' % attempts if attempts > 1 else ''
    return OtaError('HTTP_STATUS', 'HTTP %d from %s%s' % (status, http.host_of(url), tries))


class Transport:
    def __init__(self, cfg):
        self.cfg = cfg
        self.timeout_s = max(cfg['connect_timeout_sec'] or 0, cfg['http_timeout_sec'])
        self.repo = cfg['owner'] + '/' + cfg['repo']
        self.api_origin = http.origin(cfg['api_base'])
        self.raw_origin = http.origin(cfg['raw_base'])
        self.has_token = bool(cfg['token'])
        self.rate_limit = None

    def get(self, url, accept, not_found=None, if_none_match=None, extra=None):
        # With if_none_match (an ETag), a 304 is returned (closed) for the caller; without, it is
        # BAD_RESPONSE: nothing asked whether it changed (a proxy or cache answering for GitHub).
        cfg = self.cfg
        attempts = max(1, int(cfg['http_retries']))
        n = 0
        while True:
            last = n + 1 >= attempts
            try:
                res = self._follow(url, accept, if_none_match, extra)
            except http.NetError as e:
                feed()  # a timeout used most of the watchdog period (core transport.ts)
                if last:
                    more = ' (%d attempts)' % attempts if attempts > 1 else ''
                    raise OtaError('NETWORK', 'network error contacting %s: %s%s' % (http.host_of(url), e, more))
                self._wait(url, n, str(e), backoff_ms(n, cfg['backoff_sec'], cfg['max_backoff_sec']))
                n += 1
                continue
            if 200 <= res.status < 300:
                return res
            res.close()
            if res.status == 304:
                if if_none_match is not None:
                    return res
                raise OtaError('BAD_RESPONSE', 'HTTP 304 Not Modified from %s to a request without If-None-Match (a proxy or cache answering for GitHub?); the next check asks again' % http.host_of(url))
            self._wait(url, n, 'HTTP %d' % res.status, self._retry_wait(res, url, not_found, n, last))
            n += 1

    def _retry_wait(self, res, url, not_found, n, last):
        now = now_ms()
        status = res.status
        cfg = self.cfg
        if status == 403 or status == 429:
            lim = read_rate_limit(res, now)
            if lim is not None and lim['remaining'] == 0:
                raise self._primary(lim, now)
            after = retry_after_ms(res, now)
            if after is not None:
                if after > SECONDARY_WAIT_MAX_MS or last:
                    raise OtaError('RATE_LIMITED', 'GitHub secondary rate limit (HTTP %d); trying again later' % status,
                                   reset_at=now + max(after, SECONDARY_DEFER_MIN_MS))
                return after
            if status == 403:
                raise status_error(status, url, self.repo, self.has_token, not_found, n + 1)
        elif status < 500:
            raise status_error(status, url, self.repo, self.has_token, not_found, n + 1)
        if last:
            # No retry is left in this check: a Retry-After is kept for the backoff before the next one.
            e = status_error(status, url, self.repo, self.has_token, not_found, n + 1)
            e.retry_after = retry_after_ms(res, now)
            raise e
        back = backoff_ms(n, cfg['backoff_sec'], cfg['max_backoff_sec'])
        after = retry_after_ms(res, now) or 0
        return min(max(back, after), cfg['max_backoff_sec'] * 1000)

    def _primary(self, lim, now):
        reset_at = lim['reset_at'] if lim['reset_at'] is not None else now + SECONDARY_DEFER_MIN_MS
        mins = max(1, -(-(reset_at - now) // 60000))
        hint = '' if self.has_token else ' - a `token` raises the limit to 5,000/hour'
        per = '' if lim['limit'] is None else ' (%d requests/hour%s)' % (lim['limit'], '' if self.has_token else ' without a token')
        return OtaError('RATE_LIMITED', 'GitHub rate limit reached%s; it resets in about %d min%s' % (per, mins, hint), reset_at=reset_at)

    def _wait(self, url, n, reason, ms):
        log('retry %s (attempt %d: %s), waiting %d ms' % (http.host_of(url), n + 1, reason, ms))
        sleep_fed(ms)

    def _follow(self, url, accept, if_none_match=None, extra=None):
        auth = self.has_token and http.origin(url) in (self.api_origin, self.raw_origin)
        hop = 0
        while True:
            feed()
            h = self._headers(url, accept, auth)
            if if_none_match is not None:
                h.append(('If-None-Match', if_none_match))
            if extra:
                h.extend(extra)  # a resumed download's Range and If-Range
            res = http.get(url, h, self.timeout_s)
            # A slow answer may have used most of the watchdog period (core transport.ts).
            feed()
            lim = read_rate_limit(res, now_ms())
            if lim is not None:
                self.rate_limit = lim
            if res.status not in REDIRECTS:
                return res
            res.close()
            loc = res.header('location')
            if loc is None:
                raise OtaError('BAD_RESPONSE', 'HTTP %d redirect from %s without a Location' % (res.status, http.host_of(url)))
            if hop >= MAX_REDIRECTS:
                raise OtaError('BAD_RESPONSE', 'too many redirects (more than %d) fetching %s' % (MAX_REDIRECTS, url))
            nxt = _resolve(loc, url)
            # The token is for GitHub's API and raw hosts only: a CDN never sees it.
            if http.origin(nxt) != http.origin(url):
                auth = False
            url = nxt
            hop += 1

    def _headers(self, url, accept, auth):
        h = [('User-Agent', self.cfg['user_agent']),
             ('Accept', 'application/vnd.github+json' if accept == 'json' else 'application/octet-stream')]
        if http.origin(url) == self.api_origin:
            h.append(('X-GitHub-Api-Version', API_VERSION))
        if auth:
            h.append(('Authorization', 'token ' + self.cfg['token']))
        return h


def _resolve(loc, base):
    loc = loc.strip()
    if loc.startswith('http://') or loc.startswith('https://'):
        return loc
    tls, host, port, path = http.split_url(base)
    scheme = 'https' if tls else 'http'
    if loc.startswith('//'):
        return scheme + ':' + loc
    hostport = host if port == (443 if tls else 80) else '%s:%d' % (host, port)
    if loc.startswith('/'):
        return '%s://%s%s' % (scheme, hostport, loc)
    if not loc or ':' in loc.split('/')[0]:
        raise OtaError('BAD_RESPONSE', 'redirect from %s to an invalid Location %s' % (host, loc))
    d = path.split('?')[0]
    return '%s://%s%s%s' % (scheme, hostport, d[:d.rfind('/') + 1], loc)
