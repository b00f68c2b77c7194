<?cs include:"header.cs" ?>
<?cs include:"admin_nav.cs" ?>
<section class="admin-accounting-invoice">
  <p><a href="<?cs var:Base.admin ?>/accounting/invoices?period=<?cs var:Acct.inv.period ?>"><?cs var:Lang.acct.x.title ?> <?cs var:Acct.inv.period ?></a></p>
  <h1><?cs var:Lang.acct.x.preview ?> <?cs var:Acct.inv.number ?></h1>
  <?cs if:Query.transferred ?><p class="notice" role="status"><?cs var:Lang.acct.x.transferred ?></p><?cs /if ?>
  <?cs if:Query.undone ?><p class="notice" role="status"><?cs var:Lang.acct.x.undone ?></p><?cs /if ?>
  <p class="xstate">
    <?cs var:Lang.acct.x.state ?>: <?cs var:Lang.acct.x.states[Acct.inv.state] ?><?cs if:Acct.inv.tryton_number ?> <span class="tryton-number"><?cs var:Acct.inv.tryton_number ?></span><?cs /if ?><?cs if:Acct.inv.undo_number ?> (<?cs var:Lang.acct.x.credit_note ?> <span class="undo-number"><?cs var:Acct.inv.undo_number ?></span>)<?cs /if ?>
  </p>
  <?cs if:Acct.inv.error ?><p class="notice error xerror" role="alert"><?cs var:Acct.inv.error ?></p><?cs /if ?>
  <?cs if:Acct.inv.cancels ?><p><?cs var:Lang.acct.x.is_cancellation ?> <?cs var:Acct.inv.cancels ?></p><?cs /if ?>
  <h2><?cs var:Lang.acct.x.party ?></h2>
  <p class="party">
    <?cs var:Lang.acct.x.member_no ?> <?cs var:Acct.inv.member_no ?>, <?cs var:Acct.inv.name ?>:
    <?cs if:Acct.inv.party_error ?><span class="party-error"><?cs var:Acct.inv.party_error ?></span>
    <?cs elif:Acct.inv.party.create == "1" ?><span class="party-create"><?cs var:Lang.acct.x.party_create ?> (<?cs var:Acct.inv.street ?>, <?cs var:Acct.inv.postal_code ?> <?cs var:Acct.inv.city ?>)</span>
    <?cs else ?><span class="party-found"><?cs var:Lang.acct.x.party_found ?> <?cs var:Acct.inv.party.name ?> (ID <?cs var:Acct.inv.party.id ?>)</span><?cs /if ?>
  </p>
  <h2><?cs var:Lang.acct.x.lines ?></h2>
  <p class="hint"><?cs var:Lang.acct.x.date_hint ?> <?cs var:Acct.inv.date ?>; <?cs var:Lang.acct.x.reference ?> <?cs var:Acct.inv.reference ?></p>
  <table class="list lines">
    <thead><tr><th><?cs var:Lang.acct.x.text ?></th><th><?cs var:Lang.acct.x.account ?></th><th class="num"><?cs var:Lang.acct.x.amount ?></th></tr></thead>
    <tbody>
    <?cs each:l = Acct.inv.lines ?><tr><td><?cs var:l.text ?></td><td><?cs var:l.account ?><?cs if:l.mapped != "1" ?> (<?cs var:Lang.acct.x.default_account ?>)<?cs /if ?></td><td class="num"><?cs var:l.amount ?></td></tr><?cs /each ?>
    </tbody>
    <tfoot><tr><th colspan="2"><?cs var:Lang.acct.x.total ?></th><th class="num total"><?cs var:Acct.inv.gross ?></th></tr></tfoot>
  </table>
  <?cs if:Acct.inv.state == "open" || Acct.inv.state == "failed" ?>
  <form method="post" action="<?cs var:Base.admin ?>/accounting/invoices/<?cs var:Acct.inv.id ?>/transfer" class="form">
    <input type="hidden" name="csrf" value="<?cs var:User.csrf ?>">
    <div class="actions"><button type="submit" class="primary"><?cs var:Lang.acct.x.transfer ?></button></div>
  </form>
  <?cs elif:Acct.inv.state == "done" ?>
  <form method="post" action="<?cs var:Base.admin ?>/accounting/invoices/<?cs var:Acct.inv.id ?>/undo" class="form">
    <input type="hidden" name="csrf" value="<?cs var:User.csrf ?>">
    <p class="hint"><?cs var:Lang.acct.x.undo_hint ?></p>
    <div class="actions"><button type="submit"><?cs var:Lang.acct.x.undo ?></button></div>
  </form>
  <?cs /if ?>
</section>
<?cs include:"footer.cs" ?>
