@title: opening the ns file of a task that has exited is ENOENT
# scenario-format.md / C3.7: an exited task's /proc files are gone (ENOENT).
@needs: uts
# The rules of the errors it shows: N2.7, C9.1.
init: clone a uts                => 2
a: exit                          => ok
init: open a uts fa              => ENOENT
init: setns a uts                => ENOENT
init: fdns fa                    => EBADF
