@title: a signal sent into a child pid namespace uses the target's number in the sender's namespace
# K2.6: the target is 2 inside but 4 in the sender's namespace; the number
# of the sender's level is the one that names it.
@needs: pid
init: clone x -                  => 2
init: clone a pid                => 3
a: clone b -                     => 2
b: getpid                        => 2
init: pid b                      => 4
init: kill b SIGTERM             => ok
init: alive b                    => no
init: alive x                    => yes
init: alive a                    => yes
