# `ssl` of the virtual board: a PASS-THROUGH (the lab's LAN serves plain http; nothing is
# encrypted or verified), so the updater's https code path runs unchanged.
PROTOCOL_TLS_CLIENT = 0
PROTOCOL_TLS_SERVER = 1
CERT_NONE = 0
CERT_OPTIONAL = 1
CERT_REQUIRED = 2


def wrap_socket(sock, server_side=False, key=None, cert=None, cert_reqs=CERT_NONE, cadata=None, server_hostname=None, do_handshake=True):
    return sock


class SSLContext:
    def __init__(self, protocol=PROTOCOL_TLS_CLIENT):
        self.verify_mode = CERT_NONE

    def load_verify_locations(self, cafile=None, cadata=None):
        pass

    def load_cert_chain(self, certfile, keyfile=None):
        pass

    def wrap_socket(self, sock, server_side=False, do_handshake_on_connect=True, server_hostname=None):
        return sock
