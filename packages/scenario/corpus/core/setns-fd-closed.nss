@title: setns on a closed (or never opened) fd is EBADF
# C8.1: fd not open -> EBADF.
@needs: uts
# The rules of the errors it shows: C9.1.
init: clone a uts                => 2
init: open a uts fa              => ok
init: close fa                   => ok
init: setns-fd fa                => EBADF
init: setns-fd never             => EBADF
init: ns uts                     => uts:1
