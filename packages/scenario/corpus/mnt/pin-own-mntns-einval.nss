@title: a task cannot pin its own mount namespace (a reference loop); the file made for it is removed
# M8.2: mnt_ns_loop refuses a mount namespace that is not newer than the caller's
@needs: mnt
init: pin init mnt /tmp/nss/m        => EINVAL
init: exists /tmp/nss/m              => no
init: clone a -                      => 2
a: pin init mnt /tmp/nss/m           => EINVAL
