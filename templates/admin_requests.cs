<?cs include:"header.cs" ?>
<?cs include:"admin_nav.cs" ?>
<section>
  <h1><?cs var:Lang.request.admin_title ?></h1>
  <?cs if:Query.accepted ?><p class="notice" role="status"><?cs var:Lang.request.accepted ?></p><?cs /if ?>
  <?cs if:Query.declined ?><p class="notice" role="status"><?cs var:Lang.request.declined ?></p><?cs /if ?>
  <?cs include:"errors.cs" ?>
  <?cs if:subcount(Requests) == 0 ?><p class="requests-none"><?cs var:Lang.request.no_open ?></p><?cs else ?>
  <table class="list requests">
    <thead><tr><th><?cs var:Lang.mail.col_queued ?></th><th><?cs var:Lang.request.login ?></th><th><?cs var:Lang.request.name ?></th><th><?cs var:Lang.mail.email ?></th><th></th></tr></thead>
    <tbody>
    <?cs each:q = Requests ?>
    <tr data-id="<?cs var:q.id ?>"><td><?cs var:q.created ?></td><td><?cs var:q.login ?></td><td><?cs var:q.name ?></td><td><?cs var:q.email ?></td>
      <td><form method="post" action="<?cs var:Base.admin ?>/requests/<?cs var:q.id ?>/accept" class="inline"><input type="hidden" name="csrf" value="<?cs var:User.csrf ?>"><button type="submit" class="primary"><?cs var:Lang.request.accept ?></button></form>
      <form method="post" action="<?cs var:Base.admin ?>/requests/<?cs var:q.id ?>/decline" class="inline"><input type="hidden" name="csrf" value="<?cs var:User.csrf ?>"><button type="submit"><?cs var:Lang.request.decline ?></button></form></td></tr>
    <?cs /each ?>
    </tbody>
  </table>
  <?cs /if ?>
</section>
<?cs include:"footer.cs" ?>
