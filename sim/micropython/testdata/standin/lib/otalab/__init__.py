# Stand-in `otalab.confirm()` for the target's tests: leaves a mark the test can see.
def confirm():
    f = open('confirmed.txt', 'wb')
    f.write(b'yes')
    f.close()
    return True
