@title: unshare(CLONE_NEWUTS) copies the caller's current names; later changes stay inside
# Q2.1, F2.12; LTP utsname03 -m unshare
@needs: uts
init: sethostname before         => ok
init: clone a -                  => 2
a: unshare uts                   => ok
a: hostname                      => before
a: sethostname after             => ok
a: hostname                      => after
init: hostname                   => before
a: ns uts                        => uts:2
