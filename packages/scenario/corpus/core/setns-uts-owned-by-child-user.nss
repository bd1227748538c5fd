@title: root of the parent user ns joins a uts ns owned by a child user ns without joining that user ns
# I1.1 / U3.2: CAP_SYS_ADMIN in an ancestor user ns covers every namespace
# owned by a descendant (follows from pidfd_incremental_setns's ordering; observed directly, with uts instead of net).
@needs: user,uts
# The rules of the errors it shows: N2.3.
init: clone a user,uts           => 2
init: clone b -                  => 3
b: setns a uts                   => ok
b: ns uts                        => uts:2
b: ns user                       => user:1
b: sethostname beta              => ok
a: hostname                      => beta
a: setns b user                  => EACCES  # the other way: a may not even open b's files
