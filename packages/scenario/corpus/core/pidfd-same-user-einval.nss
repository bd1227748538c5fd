@title: setns-pidfd naming the caller's own user ns is EINVAL for the whole call
# C8.9 / I5.1: the user install (first in order) fails for the current user
# ns, so none of the other types is entered either.
@needs: user,uts
init: clone a user               => 2
a: clone t uts                   => 3
a: setns-pidfd t user,uts        => EINVAL
a: ns uts                        => uts:1
a: setns-pidfd t uts             => ok
a: ns uts                        => uts:2
a: setns-pidfd a user            => EINVAL
a: setns-pidfd a uts             => ok       # itself: its own uts namespace, allowed (C8.13)
