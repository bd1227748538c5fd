@title: only a task in the namespace or in its parent may write its maps
@needs: user
# U2.4 proc_uid_map_write
init: clone a user                 => 2
init: clone b user                 => 3
b: uid_map a "0 0 1"               => EPERM   # a sibling
a: uid_map a "0 0 1"               => ok
a: setgroups a deny                => ok
a: gid_map a "0 0 1"               => ok
a: clone c user                    => 4
init: uid_map c "0 0 1"            => EPERM   # a grandparent
a: uid_map c "0 0 1"               => ok      # the parent
c: id                              => uid=0 gid=65534
