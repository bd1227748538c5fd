@title: kept fds are copied into children cloned after the open, not before
# C5.6 copy_files: the child gets a copy of the fd table at clone time.
@needs: uts
# The rules of the errors it shows: C9.1.
init: clone x uts                => 2
init: clone before -             => 3
init: open x uts fx              => ok
init: clone after -              => 4
after: fdns fx                   => uts:2
before: fdns fx                  => EBADF
before: setns-fd fx              => EBADF
after: setns-fd fx               => ok
after: ns uts                    => uts:2
init: close fx                   => ok
after: fdns fx                   => uts:2     # its own copy stays open
