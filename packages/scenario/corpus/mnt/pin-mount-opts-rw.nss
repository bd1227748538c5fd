@title: a bind mount of an ns file shows only rw: it copies the internal nsfs mount's flags, which have no relatime
# M8.1, M6.1, M3.10 (found by nsproxy fuzz)
@needs: mnt,uts
init: pin init uts /tmp/nss/n      => ok
init: mount-opts /tmp/nss/n        => rw
init: mount-opts /tmp/nss          => rw,relatime
init: mkdir /tmp/nss/d             => ok
init: mount tmpfs /tmp/nss/d       => ok
init: mount-opts /tmp/nss/d        => rw,relatime
