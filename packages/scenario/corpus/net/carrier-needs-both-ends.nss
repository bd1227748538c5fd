@title: a veth end has carrier (LOWER_UP) only while both ends are UP
# T2.6, T6.6: the two ends of a pair are linked; each sees the other's state as its carrier
@needs: net
init: veth v0 v1                     => ok
init: link-up v0                     => ok
init: link-state v0                  => UP
init: link-carrier v0                => no
init: link-up v1                     => ok
init: link-carrier v0                => yes
init: link-carrier v1                => yes
init: link-down v1                   => ok
init: link-carrier v0                => no
init: link-state v0                  => UP
