# `network.WLAN` of a Pico W: association always succeeds at once (the lab models an unreachable
# network as link faults on the requests instead).
import _otalab_sim as S
from _otalab_bridge import wlan_connect, wlan_connected, wlan_disconnect

STA_IF = 0
AP_IF = 1
STAT_IDLE = 0
STAT_CONNECTING = 1
STAT_CONNECT_FAIL = -1
STAT_NO_AP_FOUND = -2
STAT_WRONG_PASSWORD = -3
STAT_GOT_IP = 3


class WLAN:
    def __init__(self, interface=STA_IF):
        self._active = False

    def active(self, v=None):
        if v is None:
            return self._active
        self._active = bool(v)

    def connect(self, ssid=None, key=None, **kw):
        S.sample('network.WLAN.connect')
        self._active = True
        wlan_connect()

    def disconnect(self):
        wlan_disconnect()

    def isconnected(self):
        return wlan_connected()

    def status(self, param=None):
        if param == 'rssi':
            return -52
        return STAT_GOT_IP if wlan_connected() else STAT_IDLE

    def ifconfig(self, *args):
        return ('192.168.1.50', '255.255.255.0', '192.168.1.1', '192.168.1.1')

    def config(self, *args, **kw):
        if args:
            return {'mac': b'\x28\xcd\xc1\x0a\x0b\x0c', 'ssid': 'otalab', 'hostname': 'PicoW'}.get(args[0])


def hostname(name=None):
    return 'PicoW'
