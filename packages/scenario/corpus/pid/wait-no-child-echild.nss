@title: wait4 fails with ECHILD when the caller has no child that matches the pid asked for
# C10.1: do_wait finds no eligible child -> ECHILD; with children that have not
# exited, WNOHANG answers 0. Every task reaps its children at once (SIGCHLD is
# ignored), so an exited child is never there to wait for.
@needs: pid
init: wait -1                    => ECHILD    # no child at all
init: clone a -                  => 2
init: wait -1                    => 0
init: wait a                     => 0
a: clone b -                     => 3
init: wait b                     => ECHILD    # a's child, not init's
init: wait 99                    => ECHILD
a: wait init                     => ECHILD    # a parent is no child
a: wait b                        => 0
a: exit                          => ok
init: wait a                     => ECHILD    # reaped at once
init: wait b                     => 0         # b, orphaned, is init's child now
b: exit                          => ok
init: wait -1                    => ECHILD
