@title: the owner of a child user namespace may write its maps from the parent without any capability
@needs: user
# U2.17, U3.3 (the owner has every capability in the namespaces it created)
# w is an unprivileged uid 1000 of user:2 whose kernel uid is 0, so that it may
# open the root-owned files of its non-dumpable child (see unprivileged-dance-uid1000).
# The rules of the errors it shows: U2.14.
init: clone w user                        => 2
init: uid_map w "0 1000 1;1000 0 1"       => ok
init: gid_map w "0 1000 1;1000 0 1"       => ok
w: setuid 0                               => ok
w: setuid 1000                            => ok
w: caps                                   => 0000000000000000
w: clone x user                           => 3
w: uid_map x "0 1000 1"                   => ok      # CAP_SYS_ADMIN over user:3 as its owner; its own uid
w: gid_map x "0 1000 1"                   => EPERM   # setgroups is "allow"
w: setgroups x deny                       => ok      # CAP_SYS_ADMIN over user:3, again as its owner
w: gid_map x "0 1000 1"                   => ok
x: id                                     => uid=0 gid=0
w: read uid_map x                         => 0 1000 1
x: read uid_map x                         => 0 1000 1
init: read uid_map x                      => 0 0 1
