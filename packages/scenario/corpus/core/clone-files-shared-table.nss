@title: one fd table shared by several tasks (CLONE_FILES): what one opens or closes, the others' names see
@needs: uts
# A kept name is copied into a child as always; with `files` it names an fd of the one table.
init: open init uts f                => ok
init: clone a - files                => 2
a: clone b -                         => 3        # no `files`: b gets a copy of the shared table
a: exit                              => ok       # closes nothing: init still uses the table
b: fdns f                            => uts:1
init: clone c - files,fs             => 4
c: clone d - files                   => 5        # init, c and d share one table
d: open init uts g                   => ok
c: fdns g                            => EBADF    # the name is d's alone
d: close f                           => ok
init: fdns f                         => EBADF    # closed in the shared table
b: fdns f                            => uts:1    # b's copy keeps it
d: exit                              => ok
c: exit                              => ok
init: hostname                       => nsproxy
# F2.8: after unshare(CLONE_FILES), e's table is its own, and its own `files` child shares that one.
init: clone e - files                => 6
e: unshare - files                   => ok
e: clone h - files                   => 7
h: exit                              => ok
init: alive e                        => yes
