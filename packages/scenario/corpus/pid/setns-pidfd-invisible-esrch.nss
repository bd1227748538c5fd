@title: from inside a pid namespace, a task outside it cannot be opened as a pidfd
# K2.2: pidfd_open looks the pid up in the caller's active namespace: a task of
# an ancestor namespace is not found (ESRCH), and nothing changes.
@needs: pid
init: clone a pid                => 2
init: clone b -                  => 3
a: setns-pidfd init pid          => ESRCH
a: setns-pidfd b pid             => ESRCH
a: ns pid_for_children           => pid:2
init: setns-pidfd a pid          => ok
init: ns pid_for_children        => pid:2
