@title: a kept fd of a user ns keeps it enterable after its only task exited
# N3.1 / N3.4 / U1.10: an nsfs fd pins the user namespace.
@needs: user
init: clone a user               => 2
init: open a user fa             => ok
a: exit                          => ok
init: alive a                    => no
init: clone b -                  => 3
b: setns-fd fa                   => ok
b: ns user                       => user:2
