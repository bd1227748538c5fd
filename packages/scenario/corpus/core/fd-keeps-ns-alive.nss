@title: an open ns fd keeps a namespace alive after every task left it
# N3.1: an open nsfs fd pins the namespace; N3.4: it remains enterable.
@needs: uts
init: clone a uts                => 2
a: sethostname alpha             => ok
init: open a uts fa              => ok
a: exit                          => ok
init: alive a                    => no
init: fdns fa                    => uts:2
init: setns-fd fa                => ok
init: ns uts                     => uts:2
init: hostname                   => alpha
