@title: setns into the user namespace you are in is EINVAL, even with every capability
@needs: user
# I5.1, C8.13; gVisor ChangeUserNamespaceRejectsCurrentUserNamespace
init: clone a user           => 2
a: setns a user              => EINVAL
a: setns a user any          => EINVAL
init: setns init user        => EINVAL
a: ns user                   => user:2
