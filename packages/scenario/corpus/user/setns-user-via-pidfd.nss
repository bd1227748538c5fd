@title: setns through a pidfd enters the user namespace first; the others are then checked against it
@needs: user,uts
# C8.8-C8.10, I5.6
init: clone a user,uts       => 2
a: sethostname inner         => ok
init: clone b -              => 3
b: setns-pidfd a user,uts    => ok
b: ns user                   => user:2
b: ns uts                    => uts:2
b: hostname                  => inner
b: caps                      => 000001ffffffffff
b: sethostname again         => ok      # uts:2 is owned by user:2
a: hostname                  => again
