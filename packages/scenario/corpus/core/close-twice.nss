@title: closing a kept fd twice is EBADF the second time
# C8.1 / close(2): an fd that is not open -> EBADF; fdns of it too.
@needs: uts
# The rules of the errors it shows: C9.1.
init: open init uts fu           => ok
init: fdns fu                    => uts:1
init: close fu                   => ok
init: close fu                   => EBADF
init: fdns fu                    => EBADF
