@title: a fork that fails with ENOMEM has still used up a number in the ancestors
# F1.15, P4.1: alloc_pid takes a number at every level before it finds that the
# namespace is dead; the cursors stay advanced, so the next pid skips one.
@needs: pid
init: unshare pid                => ok
init: clone a -                  => 2
a: exit                          => ok
init: clone b -                  => ENOMEM
init: setns init pid             => ok
init: clone c -                  => 4
init: clone d -                  => 5
