@title: children cloned with CLONE_FILES share one fd table; unshare(CLONE_FILES) gives a private copy
@needs: uts
# Kept names are copied into the child as always, but with `files` they name fds of one table.
init: open init uts f                => ok
init: clone a - files                => 2
a: close f                           => ok
init: fdns f                         => EBADF    # closed in the one table
init: open init uts g                => ok
init: clone b - files                => 3
# F2.8: unshare(CLONE_FILES) gives a caller that shares its fd table a private copy.
b: unshare - files                   => ok
b: close g                           => ok
init: fdns g                         => uts:1    # b closed its own copy
b: fdns g                            => EBADF
a: exit                              => ok
init: fdns g                         => uts:1    # a's exit closes nothing of a table still in use
