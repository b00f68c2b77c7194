<?cs include:"header.cs" ?>
<section class="invoices">
  <p><a href="<?cs var:Base.export ?>"><?cs var:Lang.exp.title ?></a></p>
  <h1><?cs var:Lang.inv.title ?></h1>
  <?cs include:"errors.cs" ?>
  <?cs if:Query.issued ?><p class="notice" role="status"><?cs var:Lang.inv.issued ?> <?cs var:Query.issued ?> · <a href="<?cs var:Base.export ?>/invoices/run/<?cs var:Query.run ?>/pdf"><?cs var:Lang.inv.run_pdf ?></a></p><?cs /if ?>
  <p class="actions">
    <a class="btn primary" href="<?cs var:Base.export ?>/invoices/new"><?cs var:Lang.inv.new.title ?></a>
    <a class="btn" href="<?cs var:Base.export ?>/datev"><?cs var:Lang.inv.datev.title ?></a>
    <a class="btn" href="<?cs var:Base.export ?>/lexware"><?cs var:Lang.inv.lexware.title ?></a>
    <a class="btn" href="<?cs var:Base.export ?>/invoices/settings"><?cs var:Lang.inv.settings.title ?></a>
  </p>
  <form method="get" action="<?cs var:Base.export ?>/invoices" class="form filters">
    <label for="period"><?cs var:Lang.inv.col.period ?></label>
    <input id="period" name="period" maxlength="20" placeholder="2026-11" value="<?cs var:Form.period ?>">
    <label for="member"><?cs var:Lang.inv.col.member_no ?></label>
    <input id="member" name="member" maxlength="60" value="<?cs var:Form.member ?>">
    <label for="state"><?cs var:Lang.inv.col.state ?></label>
    <select id="state" name="state">
      <option value=""><?cs var:Lang.inv.state.all ?></option>
      <?cs each:s = Lang.inv.states ?><option value="<?cs name:s ?>"<?cs if:Form.state == name(s) ?> selected<?cs /if ?>><?cs var:s ?></option><?cs /each ?>
    </select>
    <div class="actions">
      <button type="submit" class="primary"><?cs var:Lang.inv.filter ?></button>
      <button type="submit" name="format" value="csv"><?cs var:Lang.inv.csv ?></button>
    </div>
  </form>
  <?cs if:Inv.count > 0 ?>
  <table class="list">
    <thead><tr><th><?cs var:Lang.inv.col.number ?></th><th><?cs var:Lang.inv.col.date ?></th><th><?cs var:Lang.inv.col.period ?></th><th><?cs var:Lang.inv.col.member_no ?></th><th><?cs var:Lang.inv.col.name ?></th><th class="num"><?cs var:Lang.inv.col.gross ?></th><th><?cs var:Lang.inv.col.state ?></th><th><?cs var:Lang.inv.col.handover ?></th><th></th></tr></thead>
    <tbody>
    <?cs each:i = Inv.list ?>
    <tr class="inv-<?cs var:i.state ?>"><td><a href="<?cs var:Base.export ?>/invoices/<?cs var:i.id ?>"><?cs var:i.number ?></a></td><td><?cs var:i.date ?></td><td><?cs var:i.period ?></td><td><?cs var:i.member_no ?></td><td><?cs var:i.name ?></td><td class="num"><?cs var:i.gross ?></td><td><?cs var:Lang.inv.state[i.state] ?><?cs if:i.cancels ?> <?cs var:i.cancels ?><?cs /if ?><?cs if:i.cancelled_by ?> (<?cs var:i.cancelled_by ?>)<?cs /if ?></td><td><?cs var:i.handover ?></td><td><a href="<?cs var:Base.export ?>/invoices/<?cs var:i.id ?>/pdf">PDF</a></td></tr>
    <?cs /each ?>
    </tbody>
  </table>
  <?cs else ?><p><?cs var:Lang.inv.none ?></p><?cs /if ?>
</section>
<?cs include:"footer.cs" ?>
