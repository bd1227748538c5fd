@title: entering a user ns through a kept fd works once; the second time it is the caller's own
# I5.1: target == current user ns -> EINVAL; N3.1 the fd keeps naming it.
@needs: user
init: clone a user               => 2
init: clone b -                  => 3
b: open a user fa                => ok
b: setns-fd fa                   => ok
b: ns user                       => user:2
b: setns-fd fa                   => EINVAL
b: fdns fa                       => user:2
