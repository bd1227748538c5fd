@title: a new user namespace gives its first task every capability there, and none over the parent's objects
@needs: user
# U1.8 set_cred_user_ns; LTP userns01; U3.5
# The rules of the errors it shows: Q2.2.
init: clone a user           => 2
a: ns user                   => user:2
a: caps                      => 000001ffffffffff   # full set, whatever init lacks
a: sethostname inner         => EPERM              # the world's uts namespace is owned by user:1
a: hostname                  => nsproxy
a: setuid 0                  => EINVAL             # no uid_map yet: uid 0 has no mapping (K1.2)
a: caps                      => 000001ffffffffff
