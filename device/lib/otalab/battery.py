# The battery level (docs/SPEC.md §11; core/battery/level.ts, core/update/battery-stop.ts).
# Imported only with min_battery_percent set. Pico W: VSYS/3 on ADC(29), in integers so every
# board (single-precision floats) gets core's number: mV = u16 * 9900 // 65535,
# percent = (mV - 3000) // 12 clamped to 0..100 (3.0 V = 0 %, 4.2 V = 100 %).


def percent():
    try:
        import machine
        mv = machine.ADC(29).read_u16() * 9900 // 65535
        return max(0, min(100, (mv - 3000) // 12))
    except Exception:
        return None


def stop(cfg):
    # Between staged files: (code, reason) when the battery fell below its minimum, else None.
    low = cfg['min_battery_percent']
    if low is None:
        return None
    b = percent()
    if b is None or b >= low:
        return None
    return ('BATTERY_LOW', 'battery fell below min_battery_percent %s%% during the download: stopped between files and the staged files discarded; the update runs again once the battery recovers' % low)
