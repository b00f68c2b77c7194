<?cs include:"header.cs" ?>
<?cs include:"market_nav.cs" ?>
<section>
  <h1><?cs var:Lang.mkt.watch.title ?></h1>
  <?cs if:Query.unwatched ?><p class="notice" role="status"><?cs var:Lang.mkt.watch.removed ?></p><?cs /if ?>
  <?cs include:"errors.cs" ?>
  <?cs if:subcount(Report.subscribed) > 0 || subcount(Report.failed) > 0 ?>
  <div class="report" role="status">
    <?cs if:subcount(Report.subscribed) > 0 ?><p><?cs var:Lang.mkt.watch.subscribed ?></p><ul class="ok"><?cs each:x = Report.subscribed ?><li><?cs var:x.name ?> → <?cs var:x.lname ?></li><?cs /each ?></ul><?cs /if ?>
    <?cs if:subcount(Report.failed) > 0 ?><p><?cs var:Lang.mkt.watch.failed ?></p><ul class="failed"><?cs each:x = Report.failed ?><li><strong><?cs var:x.name ?></strong>: <?cs var:x.msg ?></li><?cs /each ?></ul><?cs /if ?>
  </div>
  <?cs /if ?>
  <p class="hint"><?cs var:Lang.mkt.watch.intro ?></p>
  <form method="post" action="<?cs var:Base.market ?>/watchlist" class="form">
    <input type="hidden" name="csrf" value="<?cs var:User.csrf ?>">
    <table class="list watchlist" tabindex="0">
      <thead><tr><th></th><th><?cs var:Lang.mkt.col.vehicle ?></th><th><?cs var:Lang.mkt.col.org ?></th><th><?cs var:Lang.mkt.col.rate ?></th><th><?cs var:Lang.mkt.sub.local_name ?></th><th><?cs var:Lang.mkt.sub.area ?></th><th></th></tr></thead>
      <tbody>
      <?cs each:w = Rows ?>
      <tr data-vehicle="<?cs var:w.id ?>"><td><?cs if:w.offered == 1 && w.subscribed != 1 ?><input type="checkbox" name="pick_<?cs var:w.id ?>" value="1" aria-label="<?cs var:w.name ?>"<?cs if:w.picked == 1 ?> checked<?cs /if ?>><?cs /if ?></td>
        <td><a href="<?cs var:Base.market ?>/vehicle/<?cs var:w.id ?>"><?cs var:w.name ?></a><?cs if:w.offered != 1 ?> <span class="mark"><?cs var:Lang.mkt.watch.withdrawn ?></span><?cs /if ?><?cs if:w.subscribed == 1 ?> <span class="mark"><?cs var:Lang.mkt.subs.marked ?></span><?cs /if ?></td>
        <td><?cs var:w.org ?></td><td><?cs var:w.rate ?></td>
        <td><input type="hidden" name="rate_<?cs var:w.id ?>" value="<?cs var:w.rate_n ?>"><input name="name_<?cs var:w.id ?>" maxlength="60" value="<?cs var:w.lname ?>" aria-label="<?cs var:Lang.mkt.sub.local_name ?>"></td>
        <td><select name="area_<?cs var:w.id ?>" aria-label="<?cs var:Lang.mkt.sub.area ?>"><option value=""><?cs var:Lang.form.choose ?></option><?cs each:a = Areas ?><option value="<?cs var:a.id ?>"<?cs if:a.id == w.area ?> selected<?cs /if ?>><?cs var:a.name ?></option><?cs /each ?></select></td>
        <td><button type="submit" form="unwatch-<?cs var:w.id ?>" aria-label="<?cs var:Lang.mkt.watch.remove ?>: <?cs var:w.name ?>"><?cs var:Lang.mkt.watch.remove ?></button></td></tr>
      <?cs /each ?>
      </tbody>
    </table>
    <?cs if:subcount(Rows) == 0 ?><p class="none"><?cs var:Lang.mkt.watch.empty ?></p><?cs /if ?>
    <?cs if:Error.pick ?><p class="field-error"><?cs var:Error.pick ?></p><?cs /if ?>
    <label class="inline"><input type="checkbox" name="confirm" value="1"<?cs if:Form.confirm == 1 ?> checked<?cs /if ?><?cs if:Error.confirm ?> aria-invalid="true"<?cs /if ?>> <?cs var:Lang.mkt.watch.confirm ?></label>
    <?cs if:Error.confirm ?><p class="field-error"><?cs var:Error.confirm ?></p><?cs /if ?>
    <div class="actions"><button type="submit" class="primary"><?cs var:Lang.mkt.watch.do ?></button></div>
  </form>
  <?cs each:w = Rows ?><form id="unwatch-<?cs var:w.id ?>" method="post" action="<?cs var:Base.market ?>/vehicle/<?cs var:w.id ?>/unwatch"><input type="hidden" name="csrf" value="<?cs var:User.csrf ?>"><input type="hidden" name="back" value="watchlist"></form><?cs /each ?>
</section>
<?cs include:"footer.cs" ?>
