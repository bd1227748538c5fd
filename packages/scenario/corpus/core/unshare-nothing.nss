@title: unshare with no namespace types succeeds and changes nothing
# F2.2: unshare(0) -> 0, no change.
@needs: uts
init: clone a -                  => 2
a: unshare -                     => ok
a: ns uts                        => uts:1
init: clone b -                  => 3
b: setns a uts                   => ok
