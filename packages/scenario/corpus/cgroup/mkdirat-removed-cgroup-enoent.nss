@title: mkdir through the directory fd of a cgroup that was removed finds no directory to create in, even once a new cgroup has its name
# X2.9: filename_create (fs/namei.c): the directory the fd names is dead (IS_DEADDIR): ENOENT.
# F1.13: the fd is named like every kept fd (cgroup-open), never by its number.
@needs: cgroup
init: cgroup-mkdir /a              => ok
init: cgroup-open /a fa            => ok
init: cgroup-mkdirat fa b          => ok
init: cgroup-procs /a/b            => -
init: cgroup-rmdir /a              => EBUSY     # X2.12: it has a child cgroup
init: cgroup-rmdir /a/b            => ok
init: cgroup-rmdir /a              => ok
init: cgroup-mkdirat fa c          => ENOENT
init: cgroup-mkdir /a              => ok        # a new cgroup named /a
init: cgroup-mkdirat fa c          => ENOENT    # the fd still names the removed one
init: cgroup-procs /a/c            => ENOENT
init: cgroup-open /a fa            => ok        # the name, opened again, is the new cgroup
init: cgroup-mkdirat fa c          => ok
init: cgroup-procs /a/c            => -
