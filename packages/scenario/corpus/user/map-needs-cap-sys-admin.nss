@title: the opener of a map file needs CAP_SYS_ADMIN over the namespace, before anything in the text is looked at
@needs: user
# U2.7; F4.4 (the CAP_SYS_ADMIN EPERM comes before the syntax EINVAL)
# w and v live in user:2; v becomes root there and creates y, w is an
# unprivileged uid there with kernel uid 0, so it may open y's root-owned files.
# The rules of the errors it shows: U2.8.
init: clone w user                        => 2
init: uid_map w "0 1000 1;1000 0 1"       => ok
init: gid_map w "0 1000 1;1000 0 1"       => ok
w: clone v -                              => 3
v: setuid 0                               => ok      # root of user:2 (kernel uid 1000)
v: clone y user                           => 4       # user:3, owned by kernel uid 1000
w: setuid 0                               => ok
w: setuid 1000                            => ok      # back to kernel uid 0, without capabilities
w: uid_map y "junk"                       => EPERM   # not its owner, no capability
w: uid_map y "0 1000 1"                   => EPERM
v: uid_map y "junk"                       => EINVAL  # the owner gets as far as the text
v: uid_map y "0 0 1"                      => ok
