@title: a pin without CAP_SYS_ADMIN over the mount namespace's owner fails and leaves no file
# M7.1, M8.1: the bind mount is refused (EPERM) after the file was made; it is removed
@needs: user,uts,mnt
init: clone a user                   => 2
init: uid_map a "0 0 1"              => ok
init: gid_map a "0 0 1"              => ok
a: pin a uts /tmp/nss/u              => EPERM
a: exists /tmp/nss/u                 => no
init: exists /tmp/nss/u              => no
