<?cs include:"header.cs" ?>
<?cs include:"admin_nav.cs" ?>
<section class="admin-accounting-invoices">
  <p><a href="<?cs var:Base.admin ?>/accounting"><?cs var:Lang.acct.title ?></a></p>
  <h1><?cs if:Acct.open == "1" ?><?cs var:Lang.acct.x.open_title ?><?cs else ?><?cs var:Lang.acct.x.title ?><?cs /if ?></h1>
  <?cs include:"errors.cs" ?>
  <?cs if:?Query.done ?><p class="notice transfer-result" role="status"><?cs var:Lang.acct.x.done_count ?> <span class="done"><?cs var:Query.done ?></span>, <?cs var:Lang.acct.x.failed_count ?> <span class="failed"><?cs var:Query.failed ?></span></p><?cs /if ?>
  <p class="periods">
    <a href="<?cs var:Base.admin ?>/accounting/invoices?open=1"<?cs if:Acct.open == "1" ?> aria-current="page"<?cs /if ?>><?cs var:Lang.acct.x.open_title ?></a>
    <?cs each:p = Acct.periods ?> · <a href="<?cs var:Base.admin ?>/accounting/invoices?period=<?cs var:p.name ?>"<?cs if:Acct.period == p.name ?> aria-current="page"<?cs /if ?>><?cs var:p.name ?></a><?cs /each ?>
  </p>
  <?cs if:Acct.count > 0 ?>
  <table class="list transfers">
    <thead><tr><th><?cs var:Lang.acct.x.number ?></th><th><?cs var:Lang.acct.x.period ?></th><th><?cs var:Lang.acct.x.member_no ?></th><th><?cs var:Lang.acct.x.name ?></th><th class="num"><?cs var:Lang.acct.x.gross ?></th><th><?cs var:Lang.acct.x.state ?></th></tr></thead>
    <tbody>
    <?cs each:i = Acct.list ?>
    <tr class="xfer-<?cs var:i.state ?>" data-number="<?cs var:i.number ?>"><td><a href="<?cs var:Base.admin ?>/accounting/invoices/<?cs var:i.id ?>"><?cs var:i.number ?></a><?cs if:i.cancels ?> (<?cs var:Lang.acct.x.cancels ?> <?cs var:i.cancels ?>)<?cs /if ?></td><td><?cs var:i.period ?></td><td><?cs var:i.member_no ?></td><td><?cs var:i.name ?></td><td class="num"><?cs var:i.gross ?></td>
      <td class="xstate"><?cs var:Lang.acct.x.states[i.state] ?><?cs if:i.tryton_number ?> <span class="tryton-number"><?cs var:i.tryton_number ?></span><?cs /if ?><?cs if:i.undo_number ?> (<?cs var:Lang.acct.x.credit_note ?> <span class="undo-number"><?cs var:i.undo_number ?></span>)<?cs /if ?><?cs if:i.error ?><br><span class="xerror"><?cs var:i.error ?></span><?cs /if ?></td></tr>
    <?cs /each ?>
    </tbody>
  </table>
  <form method="post" action="<?cs var:Base.admin ?>/accounting/invoices/transfer" class="form">
    <input type="hidden" name="csrf" value="<?cs var:User.csrf ?>">
    <input type="hidden" name="period" value="<?cs var:Acct.period ?>">
    <div class="actions"><button type="submit" class="primary"><?cs var:Lang.acct.x.transfer_all ?></button></div>
  </form>
  <?cs else ?><p><?cs var:Lang.acct.x.none ?></p><?cs /if ?>
</section>
<?cs include:"footer.cs" ?>
