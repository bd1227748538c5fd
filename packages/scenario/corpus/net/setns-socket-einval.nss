@title: setns takes an ns file or a pidfd: a socket's fd is refused, and it is no ns file for the nsfs ioctls either
# C8.4, N4.1
@needs: net
init: bind tcp 7100 s                => ok
init: setns-fd s net                 => EINVAL
init: fdns s                         => ENOTTY
